/** Chronicle Queue journal and Chronicle Map state: adapters for the engine's journal and state ports. */
package io.kairos.journal;

/** Aeron transport: UDP between validators and IPC in one process, adapting the engine's network port. */
package io.kairos.transport;

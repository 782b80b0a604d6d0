/** The embedded Aeron media driver each node runs in its own process. */
package io.kairos.transport.driver;

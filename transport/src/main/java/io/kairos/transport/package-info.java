/**
 * Aeron transport between validators: UDP between nodes, IPC when several validators share a process.
 * {@link io.kairos.transport.TransportAgent} is the entry point (configured by
 * {@link io.kairos.transport.TransportConfig}, delivering to a {@link io.kairos.transport.PeerHandler});
 * {@link io.kairos.transport.driver.EmbeddedDriver} runs the media driver. See docs/transport.md.
 */
package io.kairos.transport;

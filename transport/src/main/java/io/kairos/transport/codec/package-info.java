/**
 * Wire format of the transport: the frame header, the inner messages carried in DATA frames, their
 * encoders and allocation-free decoders, and LZ4 compression. Decoders throw only
 * {@link io.kairos.transport.TransportException}. Layouts are documented in docs/transport.md.
 */
package io.kairos.transport.codec;

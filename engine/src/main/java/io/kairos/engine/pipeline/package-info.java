/**
 * The sequencer's ingress pipeline: a multi-producer LMAX Disruptor ring where submitted transactions
 * are decoded, checked for chain id and size, signature-verified in parallel batches and handed, in
 * ring order, to one admission thread. Start at {@link io.kairos.engine.pipeline.IngressPipeline},
 * whose javadoc draws the stage graph; {@code docs/pipeline.md} describes back-pressure and the sink
 * contract.
 */
package io.kairos.engine.pipeline;

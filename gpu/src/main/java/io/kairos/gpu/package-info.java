/** OpenCL (JOCL) accelerator: signature batches and job kernels behind the engine's accelerator port. */
package io.kairos.gpu;

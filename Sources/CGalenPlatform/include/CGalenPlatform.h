#ifndef CGALEN_PLATFORM_H
#define CGALEN_PLATFORM_H

/// CPU features that matter for choosing a BLAS kernel, as a short
/// space-separated list ("sse4_2 avx avx2 fma avx512f ..."). Never NULL.
const char *galen_cpu_features(void);

/// Loads the BLAS library once (thread-safe). Returns NULL on success, or a
/// message saying what is missing. On Linux this first exports
/// OPENBLAS_CORETYPE for this CPU (GALEN_BLAS_CORE forces one) and
/// OPENBLAS_NUM_THREADS=1 (Galen splits products over its own threads), then dlopens OpenBLAS.
const char *galen_blas_load(void);

/// The core type Galen chose ("SkylakeX", "Haswell", "SandyBridge"), or "".
const char *galen_blas_coretype_choice(void);
/// 1 when the core was forced with GALEN_BLAS_CORE.
int galen_blas_coretype_from_user(void);
/// An inherited OPENBLAS_CORETYPE that Galen replaced by a faster core, or "".
const char *galen_blas_coretype_replaced(void);
/// Path of the loaded library, or "".
const char *galen_blas_path(void);
/// The library's configuration string and kernel name ("" before loading).
const char *galen_blas_config(void);
const char *galen_blas_corename(void);
/// The BLAS library's own thread count (1 on Linux: Galen splits products itself; 0 on Apple).
int galen_blas_get_threads(void);

/// Parallel regions now running in the process (parallel_region.c): `enter` before handing work to
/// several threads, `leave` after; `depth` > 0 tells loops and products to stay on their thread.
void galen_parallel_enter(void);
void galen_parallel_leave(void);
int galen_parallel_depth(void);

/// One iteration of a parallel region: `context` as given to `galen_pool_run`, `index` in 0..<iterations.
typedef void (*galen_pool_task)(void *context, long index);
/// Runs `task(context, i)` for every i in 0..<iterations on the calling thread and the pool's workers
/// (thread_pool.c: `threads - 1` of them, started by the first call; spinning briefly between regions),
/// and returns when all are done. A region started while another runs executes on the calling thread.
void galen_pool_run(int threads, long iterations, void *context, galen_pool_task task);

/// Row-major C = alpha·op(A)·op(B) + beta·C. The library must be loaded.
void galen_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb,
                 float beta, float *c, int ldc);

/// Tunes the C allocator so that buffers below 1 MiB are reused within the
/// process instead of being mapped and unmapped every batch (larger ones are
/// mapped; GalenTensor's BufferCache reuses those) (glibc only; a
/// no-op elsewhere). Called once by Galen before its first tensor allocation.
void galen_configure_allocator(void);

/// Atomically exchanges the two paths (both must exist). Returns 0 on success,
/// -1 with errno set otherwise (ENOSYS where the OS has no such call).
int galen_rename_exchange(const char *a, const char *b);

/// The widest instruction set the recurrent gate kernels can use on this CPU and OS: 2 AVX-512
/// (F, DQ, VL, BW), 1 AVX2 + FMA, 0 the baseline of the architecture (SSE2 on x86-64, NEON on arm64).
int galen_simd_level(void);

/// The recurrent gate kernels (recurrent_gates.c): one batch row of one time step, `hidden` = H
/// units, gate order as PyTorch's. `level` picks the instruction set (see galen_simd_level; a
/// level above what the CPU supports runs the best supported one). Buffers must not overlap.
///
/// LSTM forward: gates[4H] holds x·W_ihᵀ on entry and σ(i), σ(f), tanh(g), σ(o) on return, from
/// pre-activations gates + recurrent[4H] (h·W_hhᵀ) + bias[4H] (recurrent may be NULL when gates
/// already holds x·W_ihᵀ + h·W_hhᵀ); cell[H] is updated to
/// c' = f⊙c + i⊙g; tanh_cell[H] = tanh(c'); h[H] and out[H] both receive o⊙tanh(c').
void galen_lstm_forward_row(int level, int hidden, float *gates, const float *recurrent, const float *bias,
                            float *cell, float *h, float *tanh_cell, float *out);
/// LSTM backward through one step: dh[H] (pending gradient of h_t) becomes dh + dy; dcell[H]
/// (pending gradient of c_t) becomes the gradient of c_{t−1}; dgates[4H] receives the gradient of
/// the four gate pre-activations. gates, tanh_cell and cell_prev (c_{t−1}) as saved by the forward.
void galen_lstm_backward_row(int level, int hidden, const float *gates, const float *tanh_cell,
                             const float *cell_prev, const float *dy, float *dh, float *dcell, float *dgates);
/// GRU forward: gates[3H] holds x·W_ihᵀ on entry and σ(r), σ(z), n on return; recurrent[3H]
/// (h·W_hhᵀ) has its n slot replaced by W_hn·h + b_hn; bias[3H] is b_ih + (b_hr, b_hz, 0);
/// h[H] is updated to (1−z)⊙n + z⊙h and copied to out[H].
void galen_gru_forward_row(int level, int hidden, float *gates, float *recurrent, const float *bias,
                           const float *bias_hn, float *h, float *out);
/// GRU backward through one step: with d = dh + dy, writes the pre-activation gradients of the
/// input side dgates_input[3H] and of the recurrent side dgates_hidden[3H], and sets dh to z⊙d
/// (the direct part of the gradient of h_{t−1}). hn[H] is W_hn·h_{t−1} + b_hn saved by the forward.
void galen_gru_backward_row(int level, int hidden, const float *gates, const float *hn, const float *h_prev,
                            const float *dy, float *dh, float *dgates_input, float *dgates_hidden);

#endif

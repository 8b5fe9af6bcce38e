#ifndef CGALEN_PLATFORM_H
#define CGALEN_PLATFORM_H

/// CPU features that matter for choosing a BLAS kernel, as a short
/// space-separated list ("sse4_2 avx avx2 fma avx512f ..."). Never NULL.
const char *galen_cpu_features(void);

/// Loads the BLAS library once (thread-safe). Returns NULL on success, or a
/// message saying what is missing. On Linux this first exports
/// OPENBLAS_CORETYPE for this CPU (GALEN_BLAS_CORE forces one) and
/// OPENBLAS_NUM_THREADS from `threads`, then dlopens OpenBLAS.
const char *galen_blas_load(int threads);

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
/// BLAS thread count.
int galen_blas_get_threads(void);
void galen_blas_set_threads(int threads);

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

#endif

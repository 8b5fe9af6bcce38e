#ifndef CGALEN_PLATFORM_H
#define CGALEN_PLATFORM_H

/// CPU features that matter for choosing a BLAS kernel, as a short
/// space-separated list ("sse4_2 avx avx2 fma avx512f ..."). Never NULL.
const char *galen_cpu_features(void);

/// The OpenBLAS core type Galen chose for this CPU before OpenBLAS loaded
/// ("SkylakeX", "Haswell", "SandyBridge"), or "" when it left OpenBLAS to decide
/// (non-x86 CPU, or OPENBLAS_CORETYPE was already set by the user).
const char *galen_blas_coretype_choice(void);

/// 1 when OPENBLAS_CORETYPE was set by the user before Galen started.
int galen_blas_coretype_from_user(void);

/// Picks the OpenBLAS core type for this CPU and exports OPENBLAS_CORETYPE (and
/// OPENBLAS_NUM_THREADS from GALEN_NUM_THREADS). Runs automatically from the
/// executable's .preinit_array, before any shared library's constructor.
/// Calling it again later is harmless but has no effect on a loaded OpenBLAS.
void galen_configure_blas_environment(void);

#endif

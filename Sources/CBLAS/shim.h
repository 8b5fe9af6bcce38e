// CBLAS from OpenBLAS (Debian: libopenblas-dev). The header also declares
// openblas_get_corename, openblas_get_config and openblas_set_num_threads.
#include <cblas.h>

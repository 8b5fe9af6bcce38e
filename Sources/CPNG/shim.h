// libpng's declarations; GalenData uses its simplified API (png_image), which reports errors in the
// image structure instead of through longjmp.
#include <png.h>

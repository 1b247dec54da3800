// Intentionally empty: CoreGlue is header-only; its stubs are compiled into TernCore.
#include "CoreGlue.h"

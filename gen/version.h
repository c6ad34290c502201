/* version.h - the version string every generated file's banner carries. */
#ifndef QN_VERSION_H
#define QN_VERSION_H
#include "config.h"
#define QN_VERSION PACKAGE_VERSION
#endif

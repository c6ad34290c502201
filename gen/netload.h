/* netload.h - load a format-1 network: read the YAML, validate every key and
 * array against the spec, prove the accumulator widths, build the IR.
 *
 * Errors are counted and all reported in one run (diag.h); on any error the
 * result is NULL and nothing has been written anywhere.
 */
#ifndef QN_NETLOAD_H
#define QN_NETLOAD_H

#include <stddef.h>

#include "ir.h"

/* Returns a network the caller frees with qn_network_free(), or NULL after
 * reporting every problem found. */
qn_network_t *qn_network_load(const char *yaml_path);

/* The same from a YAML document in memory (`len` bytes); `name` stands for
 * the file in diagnostics and relative array paths are taken from `dir`
 * ("" for the current directory). */
qn_network_t *qn_network_load_buffer(const char *name, const char *dir,
                                     const unsigned char *buf, size_t len);

#endif /* QN_NETLOAD_H */

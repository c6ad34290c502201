/* cmd_run.c - `qnngen run`: the reference model on input vectors. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "commands.h"
#include "diag.h"
#include "fileio.h"
#include "floatcmp.h"
#include "inputs.h"
#include "netload.h"
#include "refmodel.h"
#include "results.h"

/* Writes [n_vectors][out] of layer l as .npy, whole or not at all. */
static int write_layer_npy(const char *path, const qn_trace_t *t,
                           const qn_network_t *net, int l)
{
    size_t shape[2] = { (size_t)t->n_vectors, (size_t)net->layers[l].out };
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return 0;
    snprintf(tmp, n, "%s.tmp", path);
    int ok = qn_npy_write_i64(tmp, t->layer_out[l], 2, shape) &&
             rename(tmp, path) == 0;
    if (!ok) {
        qn_error_at(path, (qn_mark_t){0, 0}, "cannot write the .npy file");
        remove(tmp);
    }
    free(tmp);
    return ok;
}

static int write_text(const char *path, const qn_network_t *net,
                      const qn_trace_t *t, bool all_layers)
{
    qn_atomic_file_t af;
    if (!qn_atomic_begin(&af, path))
        return 0;
    if (!qn_results_write(af.f, net, t, all_layers)) {
        qn_atomic_abort(&af);
        qn_error_at(path, (qn_mark_t){0, 0}, "write error");
        return 0;
    }
    return qn_atomic_commit(&af);
}

/* "out.npy" -> "out.txt" (or "out" -> "out.txt"). */
static char *text_path_for(const char *npy_path)
{
    size_t len = strlen(npy_path);
    if (len > 4 && qn_has_suffix(npy_path, ".npy"))
        len -= 4;
    char *p = malloc(len + 5);
    if (p) {
        memcpy(p, npy_path, len);
        memcpy(p + len, ".txt", 5);
    }
    return p;
}

/* OUT.npy and OUT.txt: both are written to temporaries first and renamed
 * together, so a failure never leaves a new one beside an old one. */
static int write_output_pair(const char *output, const qn_network_t *net,
                             const qn_trace_t *t)
{
    char *text = text_path_for(output);
    size_t n = strlen(output) + 16;
    char *tmp = malloc(n);
    qn_atomic_file_t af;
    int ok = 0;
    if (!text || !tmp || !qn_atomic_begin(&af, text))
        goto out;
    snprintf(tmp, n, "%s.tmp", output);
    size_t shape[2] = { (size_t)t->n_vectors,
                        (size_t)net->layers[net->n_layers - 1].out };
    if (!qn_results_write(af.f, net, t, false) ||
        !qn_npy_write_i64(tmp, t->layer_out[net->n_layers - 1], 2, shape)) {
        qn_error_at(output, (qn_mark_t){0, 0}, "cannot write the outputs");
        qn_atomic_abort(&af);
        remove(tmp);
        goto out;
    }
    if (rename(tmp, output) != 0) {
        qn_error_at(output, (qn_mark_t){0, 0}, "cannot write the .npy file");
        qn_atomic_abort(&af);
        remove(tmp);
        goto out;
    }
    ok = qn_atomic_commit(&af);
out:
    free(tmp);
    free(text);
    return ok;
}

static int write_trace_dir(const char *dir, const qn_network_t *net,
                           const qn_trace_t *t)
{
    if (!qn_mkdir_p(dir))
        return 0;
    int ok = 1;
    for (int l = 0; ok && l < net->n_layers; l++) {
        size_t n = strlen(dir) + strlen(net->layers[l].name) + 8;
        char *path = malloc(n);
        if (!path)
            return 0;
        snprintf(path, n, "%s/%s.npy", dir, net->layers[l].name);
        ok = write_layer_npy(path, t, net, l);
        free(path);
    }
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    if (!path)
        return 0;
    snprintf(path, n, "%s/trace.txt", dir);
    ok = ok && write_text(path, net, t, true);
    free(path);
    return ok;
}

int qn_cmd_run(int argc, char **argv)
{
    static const struct option options[] = {
        { "input", required_argument, NULL, 'i' },
        { "output", required_argument, NULL, 'o' },
        { "trace", required_argument, NULL, 't' },
        { "float", no_argument, NULL, 'f' },
        { "labels", required_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *input = NULL, *output = NULL, *trace_dir = NULL, *labels = NULL;
    int c, with_float = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "i:o:t:fl:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': input = optarg; break;
        case 'o': output = optarg; break;
        case 't': trace_dir = optarg; break;
        case 'f': with_float = 1; break;
        case 'l': labels = optarg; break;
        case 'h':
            printf("usage: qnngen run NET.yaml --input X.npy [-o OUT.npy] [--trace DIR]\n"
                   "       qnngen run NET.yaml --float --input XF.npy [--labels L.npy] [-o OUT.npy]\n");
            return QN_EXIT_OK;
        default:
            return qn_usage_error("run", "see `qnngen run --help`");
        }
    }
    if (optind + 1 != argc)
        return qn_usage_error("run", "give exactly one network: qnngen run NET.yaml --input X.npy");
    if (!input)
        return qn_usage_error("run", "--input X.npy (or .csv) is required");
    if (labels && !with_float)
        return qn_usage_error("run", "--labels goes with --float");

    qn_network_t *net = qn_network_load(argv[optind]);
    if (!net)
        return QN_EXIT_FAIL;
    int64_t *x = NULL;
    double *x_real = NULL;
    int n_vectors = 0, status = QN_EXIT_FAIL;
    qn_trace_t *t = NULL;
    if (with_float ? !qn_float_inputs_read(net, input, &x_real, &x, &n_vectors)
                   : !qn_inputs_read(net, input, &x, &n_vectors))
        goto done;
    if (!(t = qn_ref_run(net, x, n_vectors))) {
        qn_error_at(NULL, (qn_mark_t){0, 0}, "out of memory");
        goto done;
    }
    if (trace_dir && !write_trace_dir(trace_dir, net, t))
        goto done;
    if (with_float && !qn_float_compare(stdout, net, x_real, t->layer_out,
                                        n_vectors, labels))
        goto done;
    if (output) {
        if (!write_output_pair(output, net, t))
            goto done;
    } else if (!with_float && !qn_results_write(stdout, net, t, false)) {
        goto done;
    }
    status = QN_EXIT_OK;
done:
    qn_trace_free(t);
    free(x);
    free(x_real);
    qn_network_free(net);
    return status;
}

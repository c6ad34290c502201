/* ir.c - small facts about the IR, and freeing it. */
#include <stdlib.h>

#include "ir.h"

const char *const qn_rounding_names[] = {"floor", "half_up", "half_even",
                                         "half_away", NULL};
const char *const qn_activation_names[] = {"none", "relu", NULL};

int64_t qn_int_type_min(qn_int_type_t t)
{
    return t.is_signed ? -((int64_t)1 << (t.bits - 1)) : 0;
}

int64_t qn_int_type_max(qn_int_type_t t)
{
    return t.is_signed ? ((int64_t)1 << (t.bits - 1)) - 1
                       : ((int64_t)1 << t.bits) - 1;
}

qn_int_type_t qn_network_output_type(const qn_network_t *net)
{
    return net->layers[net->n_layers - 1].out_type;
}

int qn_network_output_size(const qn_network_t *net)
{
    return net->layers[net->n_layers - 1].out;
}

long qn_ceil_div(long a, long b)
{
    return (a + b - 1) / b;
}

long qn_layer_compute_cycles(const qn_layer_t *layer)
{
    return qn_ceil_div(layer->out, layer->lanes) *
           qn_ceil_div(layer->in, layer->simd);
}

static void layer_free(qn_layer_t *layer)
{
    free(layer->name);
    free(layer->weight);
    free(layer->bias);
    free(layer->multiplier);
    free(layer->shift);
    free(layer->acc_min);
    free(layer->acc_max);
    free(layer->p_min);
    free(layer->p_max);
    qn_node_free(layer->meta);
}

void qn_network_free(qn_network_t *net)
{
    if (!net)
        return;
    for (int i = 0; i < net->n_layers; i++)
        layer_free(&net->layers[i]);
    free(net->layers);
    free(net->name);
    free(net->source_path);
    free(net->source_dir);
    qn_node_free(net->meta);
    free(net);
}

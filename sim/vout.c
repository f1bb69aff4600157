// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>

#include "output.h"
#include "size.h"
#include "vout.h"

const char *const vmetric_names[VM_N] = { "new_mappings", "reclaims", "hit_ratio" };

/* ---- table -------------------------------------------------------------- */

const char *const vworker_source_names[VW_NSRC] = {
	"option", "reclaim_background", "removemapping", "none"
};

static const char *guests(size_t n)
{
	return n == 1 ? "guest" : "guests";
}

/* Which worker the model used, for the header's end. */
static void table_worker(const struct vinfo *in)
{
	size_t w = in->by_source[VW_WORKER], r = in->by_source[VW_REMOVEMAPPING],
		none = in->by_source[VW_NONE];

	if (in->reclaim_given && !in->reclaim_ns) {
		printf("worker: instant (--reclaim-ns 0)");
		return;
	}
	if (in->reclaim_given) {
		printf("worker: timed, %.3f ms per range (--reclaim-ns)", (double)in->reclaim_ns / 1e6);
		return;
	}
	if (!w && !r) {
		printf("worker: instant (no guest's daxstat summary times %s)",
		       in->only_remove ? "FUSE_REMOVEMAPPING" : "the worker or FUSE_REMOVEMAPPING");
		return;
	}
	printf("worker: timed, per range %.3f", (double)in->min_ns / 1e6);
	if (in->max_ns != in->min_ns)
		printf(" to %.3f", (double)in->max_ns / 1e6);
	printf(" ms: ");
	if (w)
		printf("the worker's mean time per reclaimed range in %zu %s", w, guests(w));
	if (w && r)
		printf(", ");
	if (r)
		printf("the mean FUSE_REMOVEMAPPING time in %zu %s", r, guests(r));
	if (none)
		printf("; instant in %zu %s without either", none, guests(none));
}

static void table_header(const struct vinfo *in)
{
	printf("daxsim --validate %s: %zu cell%s in %zu guest%s; dax cells left out: %zu not ok, "
	       "%zu without daxstat, %zu in guests without dax.rec; ", in->dir, in->cells,
	       in->cells == 1 ? "" : "s", in->guests, in->guests == 1 ? "" : "s", in->not_ok,
	       in->no_daxstat, in->no_rec);
	table_worker(in);
	putchar('\n');
	printf("errors: counts in %% of measured, hit ratio in percentage points (pp); "
	       "TOL = max(15%%, largest measured spread over the repeats)\n");
	printf("%-16s %6s %6s %4s %9s %9s %8s %9s %9s %8s %8s %8s %8s %6s %s\n",
	       "WORKLOAD", "WINDOW", "RANGE", "REPS", "NEW_PRED", "NEW_MEAS", "NEW_ERR",
	       "RECL_PRED", "RECL_MEAS", "RECL_ERR", "HIT_PRED", "HIT_MEAS", "HIT_ERR", "TOL", "RESULT");
}

/* A count or ratio, or "-" when unknown. */
static const char *val(char *b, size_t n, int has, double v, int ratio)
{
	if (!has)
		snprintf(b, n, "-");
	else if (ratio)
		snprintf(b, n, "%.4f", v);
	else
		snprintf(b, n, "%.0f", v);
	return b;
}

static const char *err(char *b, size_t n, const struct vmetric *m, const char *unit)
{
	if (!m->judged)
		snprintf(b, n, "-");
	else if (m->inf)
		snprintf(b, n, "inf");
	else
		snprintf(b, n, "%+.1f%s", m->err, unit);
	return b;
}

static void table_line(const struct vline *l)
{
	const struct vmetric *nm = &l->m[VM_NEW_MAPPINGS], *rc = &l->m[VM_RECLAIMS],
		*hr = &l->m[VM_HIT_RATIO];
	char w[32], r[32], b[9][32], tol[16];
	int i, first = 1;

	if (l->repeats)
		snprintf(tol, sizeof(tol), "%.1f%%", l->tolerance);
	else
		snprintf(tol, sizeof(tol), "-");
	printf("%-16s %6s %6s %4zu %9s %9s %8s %9s %9s %8s %8s %8s %8s %6s ", l->workload,
	       size_fmt(l->window, w, sizeof(w)), size_fmt(l->range, r, sizeof(r)), l->repeats,
	       val(b[0], 32, nm->has_pred, nm->pred, 0), val(b[1], 32, nm->has_meas, nm->meas, 0),
	       err(b[2], 32, nm, "%"),
	       val(b[3], 32, rc->has_pred, rc->pred, 0), val(b[4], 32, rc->has_meas, rc->meas, 0),
	       err(b[5], 32, rc, "%"),
	       val(b[6], 32, hr->has_pred, hr->pred, 1), val(b[7], 32, hr->has_meas, hr->meas, 1),
	       err(b[8], 32, hr, "pp"), tol);
	if (!l->repeats) {
		printf("no data\n");
		return;
	}
	if (!l->over) {
		printf("ok\n");
		return;
	}
	printf("OVER ");
	for (i = 0; i < VM_N; i++)
		if (l->m[i].over) {
			printf("%s%s", first ? "" : ",", vmetric_names[i]);
			first = 0;
		}
	putchar('\n');
}

static void table_summary(const struct vsummary *s)
{
	if (s->max_inf)
		printf("max error inf %%\n");
	else
		printf("max error %.1f %%\n", s->has_max ? s->max_err : 0.0);
}

static void table_guest(const struct vguest_info *g)
{
	(void)g;	/* the header says which worker */
}

const struct vout_ops vout_table = { table_header, table_guest, table_line, table_summary };

/* ---- JSON lines ------------------------------------------------------------ */

static void json_header(const struct vinfo *in)
{
	(void)in;	/* the summary carries the totals */
}

static void json_guest(const struct vguest_info *g)
{
	printf("{\"type\":\"guest\",\"guest\":");
	json_str(g->guest);
	printf(",\"window\":%llu,\"range\":%llu,\"worker\":\"%s\",\"reclaim_ns\":%llu,"
	       "\"reclaim_source\":\"%s\"", (unsigned long long)g->window,
	       (unsigned long long)g->range, g->reclaim_ns ? "timed" : "instant",
	       (unsigned long long)g->reclaim_ns, vworker_source_names[g->source]);
	if (g->source == VW_WORKER || g->source == VW_REMOVEMAPPING)
		printf(",\"count\":%llu,\"sum_ns\":%llu", (unsigned long long)g->count,
		       (unsigned long long)g->sum_ns);
	printf("}\n");
}

static void json_metric(const char *name, const struct vmetric *m, int ratio)
{
	const char *unit = ratio ? "pp" : "pct";

	printf(",\"%s_predicted\":", name);
	if (!m->has_pred)
		printf("null");
	else
		printf(ratio ? "%.6f" : "%.0f", m->pred);
	printf(",\"%s_measured\":", name);
	if (!m->has_meas)
		printf("null");
	else
		printf(ratio ? "%.6f" : "%.0f", m->meas);
	printf(",\"%s_error_%s\":", name, unit);
	if (!m->judged)
		printf("null");
	else if (m->inf)
		printf("\"inf\"");
	else
		printf("%.3f", m->err);
	printf(",\"%s_spread_%s\":", name, unit);
	if (m->has_meas)
		printf("%.3f", m->spread);
	else
		printf("null");
}

static void json_line(const struct vline *l)
{
	int i, first = 1;

	printf("{\"type\":\"line\",\"workload\":");
	json_str(l->workload);
	printf(",\"window\":%llu,\"range\":%llu,\"repeats\":%zu", (unsigned long long)l->window,
	       (unsigned long long)l->range, l->repeats);
	for (i = 0; i < VM_N; i++)
		json_metric(vmetric_names[i], &l->m[i], i == VM_HIT_RATIO);
	if (l->repeats)
		printf(",\"tolerance_pct\":%.3f", l->tolerance);
	else
		printf(",\"tolerance_pct\":null");
	printf(",\"result\":\"%s\",\"over\":[", !l->repeats ? "no data" : l->over ? "OVER" : "ok");
	for (i = 0; i < VM_N; i++)
		if (l->m[i].over) {
			printf("%s\"%s\"", first ? "" : ",", vmetric_names[i]);
			first = 0;
		}
	printf("]}\n");
}

static void json_summary(const struct vsummary *s)
{
	printf("{\"type\":\"summary\",\"results\":");
	json_str(s->in->dir);
	printf(",\"guests\":%zu,\"cells\":%zu,\"not_ok\":%zu,\"no_daxstat\":%zu,\"no_recording\":%zu,"
	       "\"lines\":%zu,\"over\":%zu,\"no_data\":%zu,\"max_error\":", s->in->guests, s->in->cells,
	       s->in->not_ok, s->in->no_daxstat, s->in->no_rec, s->lines, s->over, s->no_data);
	if (s->max_inf)
		printf("\"inf\"}\n");
	else
		printf("%.3f}\n", s->has_max ? s->max_err : 0.0);
}

const struct vout_ops vout_json = { json_header, json_guest, json_line, json_summary };

/* The model as JSON (model.json, compare.json): the figures behind the
 * pages at full precision, for scripts that gate on a verdict. Unavailable
 * figures are null, never 0 or NaN. */
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* The JSON names of the metrics, one per enum metric. */
static const char *const metric_key[M_COUNT] = {
	[M_BW] = "bandwidth_mib_s",
	[M_IOPS] = "iops",
	[M_P50] = "p50_us",
	[M_P99] = "p99_us",
	[M_P999] = "p999_us",
	[M_HIT] = "hit_ratio",
	[M_SETUPS] = "setups_per_cell",
	[M_SETUPS_PER_S] = "setups_per_s",
	[M_SETUP_LAT] = "setup_latency_us",
	[M_REMOVED_PER_S] = "removed_ranges_per_s",
	[M_RECLAIMS_PER_S] = "reclaims_per_s",
};

static const char *const advice_key[] = {
	[ADV_NEED_BOOTS] = "more boots: between-boot variance unknown",
	[ADV_NEED_REPEATS] = "more repeats per boot: within-boot variance unknown",
	[ADV_NO_SPREAD] = "as run: no spread",
	[ADV_COST_UNKNOWN] = "more of the dominant level",
	[ADV_REPEATS_ONLY] = "more repeats per boot",
	[ADV_MORE_REPEATS] = "more repeats per boot",
	[ADV_MORE_BOOTS] = "more boots",
	[ADV_AS_RUN] = "as run: add boots",
};

static void add(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *interval(double lo, double hi)
{
	json_object *a;

	if (!isfinite(lo) || !isfinite(hi))
		return NULL;
	a = json_object_new_array();
	json_object_array_add(a, json_object_new_double(lo));
	json_object_array_add(a, json_object_new_double(hi));
	return a;
}

/* A boot-level test: p, tested, significant, the ratio's Fieller interval. */
static void add_test(json_object *o, const struct boot_compare *c)
{
	add(o, "tested", json_object_new_boolean(c->tested));
	add(o, "p", c->tested ? num(c->w.p) : NULL);
	add(o, "significant", json_object_new_boolean(boot_significant(c)));
	add(o, "change_pct", num(c->r.pct));
	add(o, "change_ci95_pct", c->tested && c->r.bounded ? interval(c->r.lo, c->r.hi) : NULL);
	add(o, "untested_why", str(c->tested ? NULL : c->why));
}

static json_object *group_json(const struct model *m, const struct group *g)
{
	json_object *o = json_object_new_object(), *ms = json_object_new_object();
	int k;

	add(o, "config", str(g->config));
	add(o, "workload", str(g->workload));
	add(o, "mode", str(g->mode));
	add(o, "cache", str(g->cache));
	add(o, "modules", str(g->modules));
	add(o, "window", json_object_new_int64(g->window));
	add(o, "range", json_object_new_int64(g->range));
	add(o, "working_set", json_object_new_int64(g->working_set));
	add(o, "cells", json_object_new_int(g->n_cells));
	add(o, "cells_ok", json_object_new_int(g->n_ok));
	add(o, "pct_of_tmpfs", num(model_pct_of_tmpfs(m, g)));
	for (k = 0; k < M_COUNT; k++) {
		const struct summary *s = &g->m[k];
		json_object *x;

		if (!s->n)
			continue;
		x = json_object_new_object();
		add(x, "mean", num(s->mean));
		add(x, "ci95", num(s->ci));
		add(x, "boots", json_object_new_int(s->n));
		add(x, "values", json_object_new_int(g->s[k].n));
		add(ms, metric_key[k], x);
	}
	add(o, "metrics", ms);
	return o;
}

static json_object *noise_json(const struct noise_row *r)
{
	json_object *o = json_object_new_object();
	const struct varcomp *vc = r->vc;

	add(o, "config", str(r->g->config));
	add(o, "workload", str(r->g->workload));
	add(o, "boots", json_object_new_int(vc->boots));
	add(o, "values", json_object_new_int(vc->n));
	add(o, "sd_within", num(sqrt(vc->s2w)));
	add(o, "sd_between", num(sqrt(vc->s2b)));
	add(o, "share_within", vc->separated ? num(vc->share_w) : NULL);
	add(o, "dominant", str(vc_level_name(vc->dominant)));
	add(o, "advice", str(advice_key[r->advice]));
	add(o, "advised_repeats_per_boot",
	    r->advice >= ADV_MORE_REPEATS ? json_object_new_int64(r->repeats) : NULL);
	return o;
}

static json_object *verdict_json(const struct model *m, int i)
{
	const struct verdict *v = &m->vs[i];
	json_object *o = json_object_new_object();

	add(o, "workload", str(v->workload));
	add(o, "best", str(v->best ? v->best->config : NULL));
	add(o, "best_mode", str(v->best ? v->best->mode : NULL));
	add(o, "other", str(v->other ? v->other->config : NULL));
	add(o, "speedup", v->other ? num(verdict_speedup(v)) : NULL);
	if (v->other)
		add_test(o, &v->bc);
	if (v->best && v->best == v->dax) {
		json_object *s = NULL;

		if (v->smaller) {
			s = json_object_new_object();
			add(s, "config", str(v->smaller->config));
			add(s, "window", json_object_new_int64(v->smaller->window));
			add_test(s, &v->smaller_bc);
		}
		add(o, "smallest_window_as_good", s);
		add(o, "smaller_windows_unjudged", json_object_new_int(v->smaller_unjudged));
		add(o, "recommended_window", json_object_new_int64(m->rec_window[i]));
		add(o, "window_cost_kib", num(m->rec_cost_kib[i]));
	}
	return o;
}

static json_object *opening_json(const struct opening *o)
{
	json_object *j = json_object_new_object();

	add(j, "compared", json_object_new_int(o->compared));
	add(j, "dax_wins", json_object_new_int(o->wins));
	add(j, "dax_loses", json_object_new_int(o->losses));
	add(j, "no_difference", json_object_new_int(o->no_difference));
	add(j, "untested", json_object_new_int(o->untested));
	add(j, "only_dax", json_object_new_int(o->only_dax));
	add(j, "top_win", str(o->top ? o->top->workload : NULL));
	add(j, "recommended_config", str(o->pick ? o->pick->config : NULL));
	add(j, "recommended_window_cost_kib", num(o->pick_cost_kib));
	return j;
}

static int write_json(json_object *root, const char *path)
{
	int rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (rc)
		fprintf(stderr, "%s: cannot write %s\n", tool_name, path);
	json_object_put(root);
	return rc ? -1 : 0;
}

int render_model_json(const struct model *m, const char *path)
{
	json_object *root = json_object_new_object(), *a;
	int i;

	add(root, "format", json_object_new_string("daxscope-model 1"));
	add(root, "run", str(run_name(m->run->dir)));
	add(root, "kvm", json_object_new_boolean(m->kvm));
	a = json_object_new_object();
	add(a, "total", json_object_new_int(m->run->ncells));
	add(a, "ok", json_object_new_int(m->cells.ok));
	add(a, "unsupported", json_object_new_int(m->cells.unsupported));
	add(a, "failed", json_object_new_int(m->cells.failed));
	add(a, "broken", json_object_new_int(m->cells.broken));
	add(root, "cells", a);
	add(root, "io_seconds", m->run->cell_s > 0 ? num(m->run->io_s) : NULL);
	add(root, "cell_seconds", m->run->cell_s > 0 ? num(m->run->cell_s) : NULL);
	add(root, "opening", opening_json(&m->open));
	a = json_object_new_array();
	for (i = 0; i < m->nvs; i++)
		json_object_array_add(a, verdict_json(m, i));
	add(root, "verdicts", a);
	a = json_object_new_array();
	for (i = 0; i < m->gs.n; i++)
		json_object_array_add(a, group_json(m, &m->gs.g[i]));
	add(root, "groups", a);
	a = json_object_new_array();
	for (i = 0; i < m->noise.n; i++)
		json_object_array_add(a, noise_json(&m->noise.rows[i]));
	add(root, "noise", a);
	return write_json(root, path);
}

int render_compare_json(const struct compare *cmp, const char *path)
{
	json_object *root = json_object_new_object(), *a, *t;
	const struct compare_tally *n = &cmp->tally;
	int i;

	add(root, "format", json_object_new_string("daxscope-compare 1"));
	add(root, "a", str(cmp->ra.dir));
	add(root, "b", str(cmp->rb.dir));
	add(root, "same_run", json_object_new_boolean(cmp->same_run));
	a = json_object_new_array();
	for (i = 0; i < cmp->npairs; i++) {
		json_object *p = json_object_new_object();

		add(p, "a", str(cmp->pairs[i].a));
		add(p, "b", str(cmp->pairs[i].b));
		add(p, "boot_order", str(cmp->orders[i]));
		json_object_array_add(a, p);
	}
	add(root, "pairs", a);
	t = json_object_new_object();
	add(t, "comparisons", json_object_new_int(n->total));
	add(t, "significant", json_object_new_int(n->significant));
	add(t, "better", json_object_new_int(n->better));
	add(t, "worse", json_object_new_int(n->significant - n->better));
	add(t, "not_significant", json_object_new_int(n->tested - n->significant));
	add(t, "too_few_boots", json_object_new_int(n->total - n->tested));
	add(root, "tally", t);
	a = json_object_new_array();
	for (i = 0; i < cmp->nchanges; i++) {
		const struct change *ch = &cmp->changes[i];
		json_object *c = json_object_new_object();

		add(c, "metric", str(metric_key[ch->m]));
		add(c, "workload", str(ch->a->workload));
		add(c, "config_a", str(ch->a->config));
		add(c, "config_b", str(ch->b->config));
		add(c, "a", num(ch->a->m[ch->m].mean));
		add(c, "b", num(ch->b->m[ch->m].mean));
		add_test(c, &ch->bc);
		/* A's mean above 0, as the page's change column. */
		add(c, "change_pct", num(ch->pct));
		add(c, "change_ci95_pct", interval(ch->lo_pct, ch->hi_pct));
		add(c, "direction", boot_significant(&ch->bc) ?
				      str((ch->bc.w.diff > 0) == metric_info[ch->m].higher_is_better ?
						  "better" : "worse") : NULL);
		json_object_array_add(a, c);
	}
	add(root, "changes", a);
	return write_json(root, path);
}

/* Two runs side by side (model.h): the configs paired, and per pair,
 * workload and compared metric the change from A's mean of boot means to
 * B's, its 95 % confidence interval (Fieller) and Welch's test over boot
 * means; the tally of those, the boot order of pairs of one run, the
 * workloads measured on one side only and the manifest lines that differ.
 * render-compare.c writes it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* What a comparison covers, in the order of its tables. */
const enum metric compared_metrics[] = {
	M_BW, M_IOPS, M_P99, M_SETUPS_PER_S, M_REMOVED_PER_S, M_RECLAIMS_PER_S,
};
const int ncompared_metrics = sizeof(compared_metrics) / sizeof(compared_metrics[0]);

static bool has_config(const struct groups *gs, const char *config)
{
	int c;

	for (c = 0; c < gs->nconfigs; c++)
		if (!strcmp(gs->configs[c], config))
			return true;
	return false;
}

/* --pair, or every config of A that B has. */
static void pair_up(struct compare *cmp)
{
	int c;

	if (cmp->ngiven) {
		cmp->pairs = xmalloc(cmp->ngiven * sizeof(*cmp->pairs));
		memcpy(cmp->pairs, cmp->given, cmp->ngiven * sizeof(*cmp->pairs));
		cmp->npairs = cmp->ngiven;
		return;
	}
	cmp->pairs = xcalloc(cmp->a.gs.nconfigs + 1, sizeof(*cmp->pairs));
	for (c = 0; c < cmp->a.gs.nconfigs; c++) {
		if (has_config(&cmp->b.gs, cmp->a.gs.configs[c])) {
			cmp->pairs[cmp->npairs].a = cmp->a.gs.configs[c];
			cmp->pairs[cmp->npairs++].b = cmp->a.gs.configs[c];
		}
	}
}

const char *compare_check_pairs(const struct compare *cmp)
{
	static char why[512];
	int i;

	for (i = 0; i < cmp->ngiven; i++) {
		const struct pair *p = &cmp->given[i];

		if (!has_config(&cmp->a.gs, p->a)) {
			snprintf(why, sizeof(why), "--pair %s=%s: run A (%s) has no config %s", p->a, p->b,
				 run_name(cmp->ra.dir), p->a);
			return why;
		}
		if (!has_config(&cmp->b.gs, p->b)) {
			snprintf(why, sizeof(why), "--pair %s=%s: run B (%s) has no config %s", p->a, p->b,
				 run_name(cmp->rb.dir), p->b);
			return why;
		}
	}
	return NULL;
}

struct change compare_one(const struct group *a, const struct group *b, enum metric m)
{
	struct change ch = { a, b, m, group_compare(a, b, m), NAN, NAN, NAN, 0 };

	/* The metrics compared are positive: B / A - 1 is the change. */
	if (a->m[m].mean > 0 && isfinite(ch.bc.r.pct))
		ch.pct = ch.bc.r.pct;
	if (ch.bc.tested && ch.bc.r.bounded) {
		ch.lo_pct = ch.bc.r.lo;
		ch.hi_pct = ch.bc.r.hi;
	}
	return ch;
}

/* Both sides measured this metric; DAX counters of DAX cells only (a
 * cache=none cell sets up nothing). */
static bool comparable(const struct group *a, const struct group *b, enum metric m)
{
	if (metric_info[m].dax_counter && (strcmp(a->mode, "dax") || strcmp(b->mode, "dax")))
		return false;
	return a->m[m].n > 0 && b->m[m].n > 0;
}

static void changes(struct compare *cmp)
{
	const struct groups *ga = &cmp->a.gs, *gb = &cmp->b.gs;
	int m, i, w;

	cmp->changes = xcalloc(ncompared_metrics * cmp->npairs * ga->nworkloads + 1, sizeof(*cmp->changes));
	for (m = 0; m < ncompared_metrics; m++) {
		for (i = 0; i < cmp->npairs; i++) {
			for (w = 0; w < ga->nworkloads; w++) {
				const struct group *a = find_group(ga, cmp->pairs[i].a, ga->workloads[w]);
				const struct group *b = find_group(gb, cmp->pairs[i].b, ga->workloads[w]);
				struct change *ch = &cmp->changes[cmp->nchanges];

				if (!a || !b || !comparable(a, b, compared_metrics[m]))
					continue;
				*ch = compare_one(a, b, compared_metrics[m]);
				ch->pair = i;
				cmp->nchanges++;
				cmp->tally.total++;
				cmp->tally.tested += ch->bc.tested;
				if (boot_significant(&ch->bc)) {
					cmp->tally.significant++;
					cmp->tally.better += (ch->bc.w.diff > 0) == metric_info[ch->m].higher_is_better;
				}
			}
		}
	}
}

const struct change *compare_find(const struct compare *cmp, int pair, const char *workload,
				  enum metric m)
{
	int i;

	for (i = 0; i < cmp->nchanges; i++) {
		const struct change *ch = &cmp->changes[i];

		if (ch->pair == pair && ch->m == m && !strcmp(ch->a->workload, workload))
			return ch;
	}
	return NULL;
}

static const char *group_state(const struct group *g)
{
	if (!g)
		return "absent";
	if (g->n_ok)
		return "measured";
	if (g->n_unsupported)
		return "not supported";
	return g->n_failed ? "failed" : "no result";
}

/* Workloads of config ca in A or cb in B that are not measured in both. */
static void not_in_both(struct compare *cmp, const char *ca, const char *cb)
{
	const struct groups *sides[2] = { &cmp->a.gs, &cmp->b.gs };
	int s, w, k;

	for (s = 0; s < 2; s++) {
		for (w = 0; w < sides[s]->nworkloads; w++) {
			const char *wl = sides[s]->workloads[w];
			const struct group *a = ca ? find_group(&cmp->a.gs, ca, wl) : NULL;
			const struct group *b = cb ? find_group(&cmp->b.gs, cb, wl) : NULL;
			struct one_side *o;

			/* B's workloads that A has too were seen on A's pass. */
			for (k = 0; s == 1 && k < cmp->a.gs.nworkloads && strcmp(cmp->a.gs.workloads[k], wl); k++)
				;
			if ((s == 1 && k < cmp->a.gs.nworkloads) || (!a && !b) || (a && b && a->n_ok && b->n_ok))
				continue;
			cmp->only = xrealloc(cmp->only, (cmp->nonly + 1) * sizeof(*cmp->only));
			o = &cmp->only[cmp->nonly++];
			*o = (struct one_side){ wl, ca, cb, group_state(a), group_state(b) };
		}
	}
}

static void one_side_only(struct compare *cmp)
{
	int i, k;

	for (i = 0; i < cmp->npairs; i++)
		not_in_both(cmp, cmp->pairs[i].a, cmp->pairs[i].b);
	if (cmp->ngiven)
		return;
	/* Configs of one run only. */
	for (k = 0; k < cmp->a.gs.nconfigs; k++)
		if (!has_config(&cmp->b.gs, cmp->a.gs.configs[k]))
			not_in_both(cmp, cmp->a.gs.configs[k], NULL);
	for (k = 0; k < cmp->b.gs.nconfigs; k++)
		if (!has_config(&cmp->a.gs, cmp->b.gs.configs[k]))
			not_in_both(cmp, NULL, cmp->b.gs.configs[k]);
}

static void add_diff(struct compare *cmp, const char *key, const char *a, const char *b)
{
	cmp->mdiff = xrealloc(cmp->mdiff, (cmp->nmdiff + 1) * sizeof(*cmp->mdiff));
	cmp->mdiff[cmp->nmdiff++] = (struct kv_diff){ key, a, b };
}

/* The manifest lines that differ; of a key given twice the later line. */
static void manifest_diff(struct compare *cmp)
{
	const struct kv *ma = &cmp->ra.manifest, *mb = &cmp->rb.manifest;
	int i;

	for (i = 0; i < ma->n; i++) {
		const char *vb = kv_get(mb, ma->keys[i]);

		if (kv_get(ma, ma->keys[i]) != ma->vals[i])
			continue;
		if (!vb || strcmp(vb, ma->vals[i]))
			add_diff(cmp, ma->keys[i], ma->vals[i], vb);
	}
	for (i = 0; i < mb->n; i++)
		if (!kv_get(ma, mb->keys[i]) && kv_get(mb, mb->keys[i]) == mb->vals[i])
			add_diff(cmp, mb->keys[i], NULL, mb->vals[i]);
}

void analyse_compare(struct compare *cmp)
{
	int i;

	pair_up(cmp);
	cmp->same_run = !strcmp(cmp->ra.dir, cmp->rb.dir);
	cmp->pair_labels = xcalloc(cmp->npairs + 1, sizeof(char *));
	cmp->orders = xcalloc(cmp->npairs + 1, sizeof(char *));
	for (i = 0; i < cmp->npairs; i++) {
		const struct pair *p = &cmp->pairs[i];

		cmp->pair_labels[i] = strcmp(p->a, p->b) ? xasprintf("%s -> %s", p->a, p->b) : xstrdup(p->a);
		/* Boots of a pair of one run met the same drift if they alternated. */
		if (cmp->same_run && cmp->ngiven)
			cmp->orders[i] = boot_order(&cmp->ra, p->a, p->b);
	}
	changes(cmp);
	one_side_only(cmp);
	manifest_diff(cmp);
}

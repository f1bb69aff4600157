/* Two runs side by side: per workload and config present in both, the mean
 * of boot means of A and of B, the change, its 95 % confidence interval
 * (Fieller) and whether Welch's test over boot means finds it significant;
 * for bandwidth, IOPS, p99 latency and the DAX counters. Cells in one run
 * only are listed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))
#define P(p) fmt_p((char[32]){ 0 }, 32, (p))

/* What a comparison covers, in the order of its tables. */
static const enum metric compared[] = {
	M_BW, M_IOPS, M_P99, M_SETUPS_PER_S, M_REMOVED_PER_S, M_RECLAIMS_PER_S,
};
#define NCOMPARED (sizeof(compared) / sizeof(compared[0]))
/* The metrics the plot of the changes shows, one panel each. */
#define NPLOTTED 3

static const char *base_name(const char *dir)
{
	const char *b = strrchr(dir, '/');

	return b ? b + 1 : dir;
}

static bool has_config(const struct groups *gs, const char *config)
{
	int c;

	for (c = 0; c < gs->nconfigs; c++)
		if (!strcmp(gs->configs[c], config))
			return true;
	return false;
}

int compare_pairs(const struct compare *cmp, struct pair **out)
{
	struct pair *p;
	int c, n = 0;

	if (cmp->npairs) {
		*out = xmalloc(cmp->npairs * sizeof(**out));
		memcpy(*out, cmp->pairs, cmp->npairs * sizeof(**out));
		return cmp->npairs;
	}
	p = xcalloc(cmp->a.gs.nconfigs, sizeof(*p));
	for (c = 0; c < cmp->a.gs.nconfigs; c++) {
		if (has_config(&cmp->b.gs, cmp->a.gs.configs[c])) {
			p[n].a = cmp->a.gs.configs[c];
			p[n].b = cmp->a.gs.configs[c];
			n++;
		}
	}
	*out = p;
	return n;
}

const char *compare_check_pairs(const struct compare *cmp)
{
	static char why[512];
	int i;

	for (i = 0; i < cmp->npairs; i++) {
		const struct pair *p = &cmp->pairs[i];

		if (!has_config(&cmp->a.gs, p->a)) {
			snprintf(why, sizeof(why), "--pair %s=%s: run A (%s) has no config %s", p->a, p->b,
				 base_name(cmp->a.run.dir), p->a);
			return why;
		}
		if (!has_config(&cmp->b.gs, p->b)) {
			snprintf(why, sizeof(why), "--pair %s=%s: run B (%s) has no config %s", p->a, p->b,
				 base_name(cmp->b.run.dir), p->b);
			return why;
		}
	}
	return NULL;
}

struct change compare_one(const struct group *a, const struct group *b, enum metric m)
{
	struct change ch = { a, b, m, group_compare(a, b, m), NAN, NAN, NAN };

	/* The metrics compared are positive: B / A - 1 is the change. */
	if (a->m[m].mean > 0 && isfinite(ch.bc.r.pct))
		ch.pct = ch.bc.r.pct;
	if (ch.bc.tested && ch.bc.r.bounded) {
		ch.lo_pct = ch.bc.r.lo;
		ch.hi_pct = ch.bc.r.hi;
	}
	return ch;
}

void change_verdict(const struct change *ch, char *dst, size_t len)
{
	if (too_few_boots(dst, len, &ch->bc))
		return;
	if (boot_significant(&ch->bc))
		snprintf(dst, len, "significant, %s (%s)",
			 (ch->bc.w.diff > 0) == metric_info[ch->m].higher_is_better ? "better" : "worse",
			 P(ch->bc.w.p));
	else
		snprintf(dst, len, "not significant (%s)", P(ch->bc.w.p));
}

static const char *signed_pct(char *dst, size_t len, double v)
{
	if (!isfinite(v))
		snprintf(dst, len, "n/a");
	else
		snprintf(dst, len, "%+.1f%%", v);
	return dst;
}
#define PCT(v) signed_pct((char[32]){ 0 }, 32, (v))

/* Both sides measured this metric; DAX counters of DAX cells only (a
 * cache=none cell sets up nothing). */
static bool comparable(const struct group *a, const struct group *b, enum metric m)
{
	if (metric_info[m].dax_counter && (strcmp(a->mode, "dax") || strcmp(b->mode, "dax")))
		return false;
	return a->m[m].n > 0 && b->m[m].n > 0;
}

static char *pair_label(const struct pair *p)
{
	return strcmp(p->a, p->b) ? xasprintf("%s -> %s", p->a, p->b) : xstrdup(p->a);
}

/* What a difference can be blamed on: two runs were not interleaved; the
 * pairs of one run were if their boots alternated. */
static void drift(const struct compare *cmp, struct doc *d)
{
	struct buf b = { 0 };
	int i;

	if (strcmp(cmp->a.run.dir, cmp->b.run.dir)) {
		doc_para(d, "A and B are two runs, one after the other, not interleaved: drift between "
			    "them (host load, the time of day, a rebuilt image, kernel or QEMU) cannot be "
			    "separated from a real difference. A significant change says the runs differ, "
			    "not why.");
		return;
	}
	if (!cmp->npairs) {
		doc_para(d, "A and B are the same run: each config is compared with itself.");
		return;
	}
	buf_add(&b, "A and B are the same run, its configs paired. The boots of each pair in the "
		    "order they started:");
	for (i = 0; i < cmp->npairs; i++) {
		const struct pair *p = &cmp->pairs[i];
		char *order = boot_order(&cmp->a.run, p->a, p->b), words[256];

		boot_order_words(order, words, sizeof(words));
		buf_add(&b, " %s -> %s: %s%s", p->a, p->b, words, i + 1 < cmp->npairs ? ";" : ".");
		free(order);
	}
	buf_add(&b, " Boots interleaved A, B, A, B meet the same drift over the run, so a difference "
		    "between them is the configs'; configs run one after the other do not.");
	doc_para(d, "%s", b.s);
	free(b.s);
}

/* Run, date, commit, modules and the manifest lines that differ. */
static void runs_section(const struct compare *cmp, struct doc *d)
{
	const struct kv *ma = &cmp->a.run.manifest, *mb = &cmp->b.run.manifest;
	struct table *t = table_new(3, "manifest", "A", "B");
	int i;

	doc_para(d, "A is `%s`, B is `%s`. Each guest boot is one value: the mean of its repeats "
		    "(repeats within a boot share its state and are not independent). A and B are "
		    "the means of those boot means; change is B / A - 1, and its 95 %% confidence "
		    "interval is Fieller's interval of that ratio. Significant: Welch's two-sided "
		    "t-test over boot means, p < 0.05; with fewer than two boots on a side no test is "
		    "made (\"too few boots: 1 and 1\", the boots of A and of B). Better or worse "
		    "follows the metric: more bandwidth and IOPS, less latency and fewer DAX setups, "
		    "removed ranges and reclaims are better.",
		 base_name(cmp->a.run.dir), base_name(cmp->b.run.dir));
	drift(cmp, d);
	for (i = 0; i < ma->n; i++) {
		const char *vb = kv_get(mb, ma->keys[i]);

		if (kv_get(ma, ma->keys[i]) != ma->vals[i])
			continue; /* a later line of the same key wins */
		if (!vb || strcmp(vb, ma->vals[i]))
			table_row(t, ma->keys[i], ma->vals[i], vb ? vb : "-");
	}
	for (i = 0; i < mb->n; i++)
		if (!kv_get(ma, mb->keys[i]) && kv_get(mb, mb->keys[i]) == mb->vals[i])
			table_row(t, mb->keys[i], "-", mb->vals[i]);
	if (t->nrows) {
		doc_para(d, "Where the two runs' manifests differ:");
		doc_table(d, t);
	} else {
		doc_para(d, "The two runs' manifests are the same.");
	}
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
static void not_in_both(const struct compare *cmp, const char *ca, const char *cb, struct table *t)
{
	const struct groups *sides[2] = { &cmp->a.gs, &cmp->b.gs };
	int s, w, k;

	for (s = 0; s < 2; s++) {
		for (w = 0; w < sides[s]->nworkloads; w++) {
			const char *wl = sides[s]->workloads[w];
			const struct group *a = ca ? find_group(&cmp->a.gs, ca, wl) : NULL;
			const struct group *b = cb ? find_group(&cmp->b.gs, cb, wl) : NULL;

			/* B's workloads that A has too were seen on A's pass. */
			for (k = 0; s == 1 && k < cmp->a.gs.nworkloads && strcmp(cmp->a.gs.workloads[k], wl); k++)
				;
			if ((s == 1 && k < cmp->a.gs.nworkloads) || (!a && !b) || (a && b && a->n_ok && b->n_ok))
				continue;
			table_row(t, wl, ca ? ca : "-", group_state(a), cb ? cb : "-", group_state(b));
		}
	}
}

struct compare_tally compare_tally(const struct compare *cmp)
{
	struct compare_tally t = { 0 };
	struct pair *pairs;
	int np = compare_pairs(cmp, &pairs), i, w;
	unsigned m;

	for (m = 0; m < NCOMPARED; m++) {
		for (i = 0; i < np; i++) {
			for (w = 0; w < cmp->a.gs.nworkloads; w++) {
				const struct group *a = find_group(&cmp->a.gs, pairs[i].a, cmp->a.gs.workloads[w]);
				const struct group *b = find_group(&cmp->b.gs, pairs[i].b, cmp->a.gs.workloads[w]);
				struct change ch;

				if (!a || !b || !comparable(a, b, compared[m]))
					continue;
				ch = compare_one(a, b, compared[m]);
				t.total++;
				t.tested += ch.bc.tested;
				if (boot_significant(&ch.bc)) {
					t.significant++;
					t.better += (ch.bc.w.diff > 0) == metric_info[compared[m]].higher_is_better;
				}
			}
		}
	}
	free(pairs);
	return t;
}

void compare_doc(const struct compare *cmp, bool plots, struct doc *d)
{
	struct pair *pairs;
	int np = compare_pairs(cmp, &pairs), i, w, k;
	unsigned m;
	struct compare_tally n = compare_tally(cmp);
	struct table *only = table_new(5, "workload", "config A", "in A", "config B", "in B");

	memset(d, 0, sizeof(*d));
	d->title = xasprintf("daxscope compare: %s vs %s", base_name(cmp->a.run.dir),
			     base_name(cmp->b.run.dir));
	/* The summary leads. */
	if (!np)
		doc_para(d, "The two runs have no config in common: nothing to compare (pair configs "
			    "with --pair A_CONFIG=B_CONFIG).");
	else
		doc_para(d, "%d comparisons (workload x config x metric) in %d config pair%s: %d "
			    "significant (%d better, %d worse), %d not significant, %d with too few boots.",
			 n.total, np, np == 1 ? "" : "s", n.significant, n.better,
			 n.significant - n.better, n.tested - n.significant, n.total - n.tested);
	runs_section(cmp, d);
	if (plots && np)
		doc_figure(d, "changes", "Change of bandwidth, IOPS and p99 latency from A to B with its "
					 "95 % confidence interval; red: significant");
	for (m = 0; m < NCOMPARED; m++) {
		const struct metric_info *mi = &metric_info[compared[m]];
		struct table *t = table_new(7, "workload", "config", "A", "B", "change", "95% CI of change",
					    "verdict");

		for (k = 2; k < 6; k++)
			table_right(t, k);
		for (i = 0; i < np; i++) {
			char *label = pair_label(&pairs[i]);

			for (w = 0; w < cmp->a.gs.nworkloads; w++) {
				const struct group *a = find_group(&cmp->a.gs, pairs[i].a, cmp->a.gs.workloads[w]);
				const struct group *b = find_group(&cmp->b.gs, pairs[i].b, cmp->a.gs.workloads[w]);
				struct change ch;
				char verdict[96], ci[64];

				if (!a || !b || !comparable(a, b, compared[m]))
					continue;
				ch = compare_one(a, b, compared[m]);
				change_verdict(&ch, verdict, sizeof(verdict));
				if (isfinite(ch.lo_pct))
					snprintf(ci, sizeof(ci), "%s .. %s", PCT(ch.lo_pct), PCT(ch.hi_pct));
				else
					snprintf(ci, sizeof(ci), "n/a");
				table_row(t, a->workload, label, N(a->m[compared[m]].mean, mi->decimals),
					  N(b->m[compared[m]].mean, mi->decimals), PCT(ch.pct), ci, verdict);
			}
			free(label);
		}
		if (!t->nrows)
			continue;
		doc_heading(d, "%s%s%s", mi->name, mi->unit[0] ? ", " : "", mi->unit);
		doc_table(d, t);
	}
	for (i = 0; i < np; i++)
		not_in_both(cmp, pairs[i].a, pairs[i].b, only);
	if (!cmp->npairs) {
		/* Configs of one run only. */
		for (k = 0; k < cmp->a.gs.nconfigs; k++)
			if (!has_config(&cmp->b.gs, cmp->a.gs.configs[k]))
				not_in_both(cmp, cmp->a.gs.configs[k], NULL, only);
		for (k = 0; k < cmp->b.gs.nconfigs; k++)
			if (!has_config(&cmp->a.gs, cmp->b.gs.configs[k]))
				not_in_both(cmp, NULL, cmp->b.gs.configs[k], only);
	}
	doc_heading(d, "Cells in one run only");
	if (only->nrows) {
		doc_para(d, "Workloads and configs not measured in both runs (absent, not supported or "
			    "failed in one): not compared.");
		doc_table(d, only);
	} else {
		doc_para(d, "None: every workload and config is measured in both runs.");
	}
	free(pairs);
}

/* changes.dat: one row per workload and config pair, then per plotted
 * metric the change %, its CI and whether it is significant. */
int compare_plot(const struct compare *cmp, const char *outdir, const char *templates, bool draw)
{
	struct pair *pairs;
	int np = compare_pairs(cmp, &pairs), i, w, rows = 0, rc = 0;
	char *p = path_join(outdir, "changes.dat"), *vars;
	FILE *f = fopen(p, "w");
	unsigned m;

	if (!f) {
		problem(p, "cannot write");
		free(p);
		free(pairs);
		return -1;
	}
	free(p);
	fprintf(f, "# row, \"workload config\", then per metric (bandwidth, IOPS, p99): change %%, "
		   "CI low, CI high, significant\n");
	for (i = 0; i < np; i++) {
		char *label = pair_label(&pairs[i]);

		for (w = 0; w < cmp->a.gs.nworkloads; w++) {
			const struct group *a = find_group(&cmp->a.gs, pairs[i].a, cmp->a.gs.workloads[w]);
			const struct group *b = find_group(&cmp->b.gs, pairs[i].b, cmp->a.gs.workloads[w]);

			if (!a || !b || !comparable(a, b, M_BW))
				continue;
			fprintf(f, "%d \"%s %s\"", rows++, a->workload, label);
			for (m = 0; m < NPLOTTED; m++) {
				struct change ch = compare_one(a, b, compared[m]);
				bool ok = comparable(a, b, compared[m]) && isfinite(ch.pct);

				if (ok)
					fprintf(f, " %.6g", ch.pct);
				else
					fputs(" -", f);
				if (ok && isfinite(ch.lo_pct))
					fprintf(f, " %.6g %.6g", ch.lo_pct, ch.hi_pct);
				else if (ok)
					fprintf(f, " %.6g %.6g", ch.pct, ch.pct);
				else
					fputs(" - -", f);
				fprintf(f, " %d", boot_significant(&ch.bc));
			}
			fputc('\n', f);
		}
		free(label);
	}
	fclose(f);
	free(pairs);
	vars = xasprintf("out='changes'; data='changes.dat'; rows=%d", rows);
	if (draw)
		rc = rows ? plot_template(outdir, templates, "changes.gp", vars) :
			    plot_template(outdir, templates, "empty.gp",
					  "out='changes'; msg='nothing to compare'");
	free(vars);
	return rc;
}

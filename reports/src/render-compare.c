/* A comparison of two runs (compare.c's model) as compare.md and
 * compare.html, and the plot of the changes: the tally first, then per
 * compared metric a table of its changes, then what is in one run only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))
#define P(p) fmt_p((char[32]){ 0 }, 32, (p))

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

/* What a difference can be blamed on: two runs were not interleaved; the
 * pairs of one run were if their boots alternated. */
static void drift(const struct compare *cmp, struct doc *d)
{
	struct buf b = { 0 };
	int i;

	if (!cmp->same_run) {
		doc_para(d, "A and B are two runs, one after the other, not interleaved: drift between "
			    "them (host load, the time of day, a rebuilt image, kernel or QEMU) cannot be "
			    "separated from a real difference. A significant change says the runs differ, "
			    "not why.");
		return;
	}
	if (!cmp->ngiven) {
		doc_para(d, "A and B are the same run: each config is compared with itself.");
		return;
	}
	buf_add(&b, "A and B are the same run, its configs paired. The boots of each pair in the "
		    "order they started:");
	for (i = 0; i < cmp->npairs; i++) {
		const struct pair *p = &cmp->pairs[i];
		char words[256];

		boot_order_words(cmp->orders[i], words, sizeof(words));
		buf_add(&b, " %s -> %s: %s%s", p->a, p->b, words, i + 1 < cmp->npairs ? ";" : ".");
	}
	buf_add(&b, " Boots interleaved A, B, A, B meet the same drift over the run, so a difference "
		    "between them is the configs'; configs run one after the other do not.");
	doc_para(d, "%s", b.s);
	free(b.s);
}

/* Run, date, commit, modules and the manifest lines that differ. */
static void runs_section(const struct compare *cmp, struct doc *d)
{
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
		 run_name(cmp->ra.dir), run_name(cmp->rb.dir));
	drift(cmp, d);
	for (i = 0; i < cmp->nmdiff; i++) {
		const struct kv_diff *k = &cmp->mdiff[i];

		table_row(t, k->key, k->a ? k->a : "-", k->b ? k->b : "-");
	}
	if (t->nrows) {
		doc_para(d, "Where the two runs' manifests differ:");
		doc_table(d, t);
	} else {
		doc_para(d, "The two runs' manifests are the same.");
	}
}

static void changes_table(const struct compare *cmp, enum metric m, struct doc *d)
{
	const struct metric_info *mi = &metric_info[m];
	struct table *t = table_new(7, "workload", "config", "A", "B", "change", "95% CI of change",
				    "verdict");
	int i, k;

	for (k = 2; k < 6; k++)
		table_right(t, k);
	for (i = 0; i < cmp->nchanges; i++) {
		const struct change *ch = &cmp->changes[i];
		char verdict[96], ci[64];

		if (ch->m != m)
			continue;
		change_verdict(ch, verdict, sizeof(verdict));
		if (isfinite(ch->lo_pct))
			snprintf(ci, sizeof(ci), "%s .. %s", PCT(ch->lo_pct), PCT(ch->hi_pct));
		else
			snprintf(ci, sizeof(ci), "n/a");
		table_row(t, ch->a->workload, cmp->pair_labels[ch->pair], N(ch->a->m[m].mean, mi->decimals),
			  N(ch->b->m[m].mean, mi->decimals), PCT(ch->pct), ci, verdict);
	}
	if (!t->nrows)
		return;
	doc_heading(d, "%s%s%s", mi->name, mi->unit[0] ? ", " : "", mi->unit);
	doc_table(d, t);
}

void render_compare(const struct compare *cmp, bool plots, struct doc *d)
{
	const struct compare_tally *n = &cmp->tally;
	struct table *only = table_new(5, "workload", "config A", "in A", "config B", "in B");
	int i;

	memset(d, 0, sizeof(*d));
	d->title = xasprintf("daxscope compare: %s vs %s", run_name(cmp->ra.dir),
			     run_name(cmp->rb.dir));
	/* The summary leads. */
	if (!cmp->npairs)
		doc_para(d, "The two runs have no config in common: nothing to compare (pair configs "
			    "with --pair A_CONFIG=B_CONFIG).");
	else
		doc_para(d, "%d comparisons (workload x config x metric) in %d config pair%s: %d "
			    "significant (%d better, %d worse), %d not significant, %d with too few boots.",
			 n->total, cmp->npairs, cmp->npairs == 1 ? "" : "s", n->significant, n->better,
			 n->significant - n->better, n->tested - n->significant, n->total - n->tested);
	runs_section(cmp, d);
	if (plots && cmp->npairs)
		doc_figure(d, "changes", "Change of bandwidth, IOPS and p99 latency from A to B with its "
					 "95 % confidence interval; red: significant");
	for (i = 0; i < ncompared_metrics; i++)
		changes_table(cmp, compared_metrics[i], d);
	for (i = 0; i < cmp->nonly; i++) {
		const struct one_side *o = &cmp->only[i];

		table_row(only, o->workload, o->config_a ? o->config_a : "-", o->state_a,
			  o->config_b ? o->config_b : "-", o->state_b);
	}
	doc_heading(d, "Cells in one run only");
	if (only->nrows) {
		doc_para(d, "Workloads and configs not measured in both runs (absent, not supported or "
			    "failed in one): not compared.");
		doc_table(d, only);
	} else {
		doc_para(d, "None: every workload and config is measured in both runs.");
	}
}

/* changes.dat: one row per workload and config pair with a bandwidth
 * change, then per plotted metric the change %, its CI and whether it is
 * significant. */
int render_compare_plot(const struct compare *cmp, const char *outdir, const char *templates, bool draw)
{
	char *p = path_join(outdir, "changes.dat"), *vars;
	FILE *f = fopen(p, "w");
	int i, m, rows = 0, rc = 0;

	if (!f) {
		problem(p, "cannot write");
		free(p);
		return -1;
	}
	free(p);
	fprintf(f, "# row, \"workload config\", then per metric (bandwidth, IOPS, p99): change %%, "
		   "CI low, CI high, significant\n");
	/* The bandwidth changes come first, pair by pair, in the run's order. */
	for (i = 0; i < cmp->nchanges && cmp->changes[i].m == compared_metrics[0]; i++) {
		const struct change *row = &cmp->changes[i];

		fprintf(f, "%d \"%s %s\"", rows++, row->a->workload, cmp->pair_labels[row->pair]);
		for (m = 0; m < NPLOTTED; m++) {
			const struct change *ch = compare_find(cmp, row->pair, row->a->workload,
							       compared_metrics[m]);
			bool ok = ch && isfinite(ch->pct);

			if (ok)
				fprintf(f, " %.6g", ch->pct);
			else
				fputs(" -", f);
			if (ok && isfinite(ch->lo_pct))
				fprintf(f, " %.6g %.6g", ch->lo_pct, ch->hi_pct);
			else if (ok)
				fprintf(f, " %.6g %.6g", ch->pct, ch->pct);
			else
				fputs(" - -", f);
			fprintf(f, " %d", ch ? boot_significant(&ch->bc) : 0);
		}
		fputc('\n', f);
	}
	fclose(f);
	vars = xasprintf("out='changes'; data='changes.dat'; rows=%d", rows);
	if (draw)
		rc = rows ? plot_template(outdir, templates, "changes.gp", vars) :
			    plot_template(outdir, templates, "empty.gp",
					  "out='changes'; msg='nothing to compare'");
	free(vars);
	return rc;
}

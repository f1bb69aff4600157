/* The recommendation table, from the model's verdicts: per workload the
 * best mode, for DAX its window and range and the smallest window as
 * good, the difference to the other mode and its test. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))
#define SZ(b) size_name((char[32]){ 0 }, 32, (b))

/* Fieller's interval of best / other as a speedup: "1.80x .. 2.60x". */
static const char *speedup_ci(char *dst, size_t len, const struct ratio *r)
{
	if (r->bounded)
		snprintf(dst, len, "95 %% CI %sx .. %sx", N(1 + r->lo / 100, 2), N(1 + r->hi / 100, 2));
	else
		snprintf(dst, len, "95 %% CI n/a: %s", r->why);
	return dst;
}

static void verdict_how(const struct verdict *v, char *dst, size_t len)
{
	char p[32], ci[96], few[64];

	if (!v->other) {
		if (v->best == v->dax && v->none_unsupported)
			snprintf(dst, len, "only dax: none does not support it");
		else
			snprintf(dst, len, "%s not measured", v->best == v->dax ? "none" : "dax");
		return;
	}
	fmt_p(p, sizeof(p), v->bc.w.p);
	if (too_few_boots(few, sizeof(few), &v->bc))
		snprintf(dst, len, "%sx %s (%s MiB/s); untested: %s", N(verdict_speedup(v), 2),
			 v->other->mode, N(v->other->m[M_BW].mean, 1), few);
	else if (boot_significant(&v->bc))
		snprintf(dst, len, "%sx %s (%s MiB/s; %s; %s)", N(verdict_speedup(v), 2), v->other->mode,
			 N(v->other->m[M_BW].mean, 1), p, speedup_ci(ci, sizeof(ci), &v->bc.r));
	else
		snprintf(dst, len, "not significant (%s) against %s (%s MiB/s)", p, v->other->mode,
			 N(v->other->m[M_BW].mean, 1));
}

/* The window column of a dax winner: its window, the smallest window
 * as good (intervals overlapping) with Fieller's interval of it against
 * the best, and what the recommended window costs where measured. */
static void window_words(const struct model *m, int i, char *dst, size_t len)
{
	const struct verdict *v = &m->vs[i];
	const struct group *best = v->best, *sm = v->smaller;
	const struct ratio *r = &v->smaller_bc.r;
	long long pick = m->rec_window[i];
	double cost = m->rec_cost_kib[i];
	size_t at;

	snprintf(dst, len, "%s", SZ(best->window));
	if (sm && r->bounded)
		snprintf(dst, len, "%s; smallest as good: %s (%s ranges): within %s %% of the best "
			 "(95 %% CI %+.1f %% .. %+.1f %%)", SZ(best->window), SZ(sm->window),
			 SZ(sm->range), N(fabs(r->pct), 1), r->lo, r->hi);
	else if (sm)
		snprintf(dst, len, "%s; smallest as good: %s (%s ranges): within %s %% of the best "
			 "(95 %% CI n/a: %s)", SZ(best->window), SZ(sm->window), SZ(sm->range),
			 N(fabs(r->pct), 1), r->why);
	else if (v->smaller_unjudged)
		snprintf(dst, len, "%s; smaller windows: too few boots to judge", SZ(best->window));
	at = strlen(dst);
	if (!isnan(cost) && at < len)
		snprintf(dst + at, len - at, "; %s window costs %s MiB of guest memory", SZ(pick),
			 N(cost / 1024.0, 1));
}

/* For each workload: the best mode, and for DAX the best window and range,
 * by mean bandwidth; how much better than the best of the other mode, and
 * whether Welch's test over boot means finds that difference significant,
 * and for DAX the smallest window as good and what the recommended window
 * costs the guest where the run measured it. */
void render_recommendation(const struct model *m, struct doc *d)
{
	struct table *t = table_new(8, "workload", "best", "window", "range", "modules", "MiB/s",
				    "by how much", "% of tmpfs");
	int i;

	table_right(t, 5);
	table_right(t, 7);
	doc_heading(d, "Recommendation");
	doc_para(d, "Per workload, the mode (dax or none) with the highest mean bandwidth (mean of "
		    "boot means); for dax its window and range (the best DAX config of this run), and "
		    "\"smallest as good\": the smallest window whose 95 %% interval overlaps the best "
		    "one's, how far below the best its mean is and the 95 %% interval of that ratio "
		    "(Fieller). The difference to the best of the other mode is tested with Welch's "
		    "t-test over boot means (two-sided, alpha 0.05), the speedup's interval by Fieller: "
		    "\"not significant\" means the boots cannot tell the two apart, \"too few boots\" "
		    "that a side ran in fewer than two boots, where no test is made.");
	for (i = 0; i < m->nvs; i++) {
		const struct verdict *v = &m->vs[i];
		const struct group *best = v->best;
		char how[256], window[320], mode[48];

		if (!best) {
			if (v->tmpfs || v->none_seen)
				table_row(t, v->workload, "-", "-", "-", "-", "-", "no dax or none cell measured", "-");
			continue;
		}
		verdict_how(v, how, sizeof(how));
		snprintf(window, sizeof(window), "-");
		if (best == v->dax)
			window_words(m, i, window, sizeof(window));
		snprintf(mode, sizeof(mode), "%s", best->mode);
		if (strcmp(best->cache, "none"))
			snprintf(mode, sizeof(mode), "%s (cache=%s)", best->mode, best->cache);
		table_row(t, v->workload, mode, window, best == v->dax ? SZ(best->range) : "-",
			  best->modules, N(best->m[M_BW].mean, 1), how,
			  N(model_pct_of_tmpfs(m, best), 1));
	}
	doc_table(d, t);
}

/* The report's opening sentences, from the model's opening facts
 * (model.c): where DAX wins and by how much, where it loses, the working
 * set / window ratio where it stops winning, and the window and range to
 * use with what they cost in memory. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))
#define SZ(b) size_name((char[32]){ 0 }, 32, (b))
#define P(p) fmt_p((char[32]){ 0 }, 32, (p))

/* Up to four names of the verdicts that match, then "and N more". */
static void name_list(struct buf *b, const struct verdict *vs, int n,
		      bool (*match)(const struct verdict *v), bool with_ratio)
{
	int i, shown = 0, all = 0;

	for (i = 0; i < n; i++) {
		if (!match(&vs[i]))
			continue;
		if (shown < 4) {
			buf_add(b, "%s%s", shown ? ", " : "", vs[i].workload);
			if (with_ratio)
				buf_add(b, " (%sx, %s against %s MiB/s)",
					N(vs[i].dax->m[M_BW].mean / vs[i].none->m[M_BW].mean, 2),
					N(vs[i].dax->m[M_BW].mean, 1), N(vs[i].none->m[M_BW].mean, 1));
			shown++;
		}
		all++;
	}
	if (all > shown)
		buf_add(b, " and %d more", all - shown);
}

static void wins_and_losses(const struct model *m, struct doc *d)
{
	const struct opening *o = &m->open;
	const struct verdict *vs = m->vs;
	struct buf b = { 0 };
	int n = m->nvs;

	if (!o->compared) {
		doc_para(d, "This run has no workload measured both with DAX and with cache=none: "
			    "there is nothing to compare the modes by.");
		return;
	}
	if (o->untested == o->compared) {
		/* Repeats of one boot share its state: they cannot stand for boots. */
		buf_add(&b, "DAX (dax=always) against cache=none cannot be tested in this run: no "
			    "workload has two boots of each mode (a test compares boot means; repeats "
			    "within one boot are not independent). By the means, DAX against cache=none: ");
		name_list(&b, vs, n, verdict_untested, true);
		buf_add(&b, ".");
	} else if (o->top) {
		buf_add(&b, "DAX (dax=always) is significantly faster than cache=none in %d of the %d "
			    "workloads measured in both modes (Welch's t-test over boot means, p < 0.05), "
			    "by %sx to %sx; most in %s (%s against %s MiB/s).",
			o->wins, o->compared, N(o->lo_speedup, 2), N(verdict_speedup(o->top), 2),
			o->top->workload, N(o->top->dax->m[M_BW].mean, 1), N(o->top->none->m[M_BW].mean, 1));
	} else {
		buf_add(&b, "DAX (dax=always) is significantly faster than cache=none in none of the "
			    "%d workloads measured in both modes (Welch's t-test over boot means, p < 0.05).",
			o->compared);
	}
	if (o->losses) {
		buf_add(&b, " It loses in %d: ", o->losses);
		name_list(&b, vs, n, verdict_dax_loses, true);
		buf_add(&b, ".");
	}
	if (o->no_difference) {
		buf_add(&b, " No significant difference in %d: ", o->no_difference);
		name_list(&b, vs, n, verdict_no_difference, false);
		buf_add(&b, ".");
	}
	if (o->untested && o->untested < o->compared) {
		buf_add(&b, " %d have too few boots to test (fewer than two on a side): ", o->untested);
		name_list(&b, vs, n, verdict_untested, true);
		buf_add(&b, ".");
	}
	if (o->only_dax) {
		buf_add(&b, " Only DAX runs ");
		name_list(&b, vs, n, verdict_only_dax, false);
		buf_add(&b, " (cache=none refuses a shared mmap of a direct-I/O file).");
	}
	if (!m->kvm)
		buf_add(&b, " These are TCG guests: compare the modes with each other, not with a real "
			"machine.");
	doc_para(d, "%s", b.s);
	free(b.s);
}

/* Where DAX stops winning by working set / window. */
static void stop_ratio(const struct opening *o, struct doc *d)
{
	const struct group *win = o->win, *stop = o->stop;

	if (!win && !stop)
		return;
	if (!stop) {
		doc_para(d, "DAX wins at every working set / window ratio measured, up to %s (%s).",
			 N(group_ws_ratio(win), 2), win->workload);
	} else if (!win) {
		doc_para(d, "DAX wins at no working set / window ratio measured (from %s, %s).",
			 N(group_ws_ratio(stop), 2), stop->workload);
	} else if (group_ws_ratio(stop) > group_ws_ratio(win)) {
		doc_para(d, "DAX stops winning once the working set outgrows the window: it wins up to "
			    "%s times the window (%s on %s) and not at %s (%s on %s: %s against cache=none's "
			    "%s MiB/s, %s), where ranges must be reclaimed to map others.",
			 N(group_ws_ratio(win), 2), win->workload, win->config, N(group_ws_ratio(stop), 2),
			 stop->workload, stop->config, N(stop->m[M_BW].mean, 1),
			 N(o->stop_v->none->m[M_BW].mean, 1), P(o->stop_c.w.p));
	} else {
		doc_para(d, "DAX's wins do not split by working set / window in this run: it wins at %s "
			    "(%s) but not at %s (%s).",
			 N(group_ws_ratio(win), 2), win->workload, N(group_ws_ratio(stop), 2), stop->workload);
	}
}

/* The window to use and what it costs. */
static void window_choice(const struct opening *o, struct doc *d)
{
	const struct group *pick = o->pick;
	char guest[64];

	if (!pick)
		return;
	/* The guest gives the window struct pages (64 bytes per 4 KiB page):
	 * measured when the run has the figure, else that estimate. The host
	 * backs the window with the page cache of the files it maps. */
	if (isnan(o->pick_cost_kib))
		snprintf(guest, sizeof(guest), "about %s of guest RAM", SZ(pick->window / 64));
	else
		snprintf(guest, sizeof(guest), "%s MiB of guest RAM, measured",
			 N(o->pick_cost_kib / 1024.0, 1));
	doc_para(d, "Recommended for DAX: a %s window of %s ranges (%lld ranges, %s modules), the best "
		    "DAX config in %d of the %d workloads %s%s. Its memory cost: the guest keeps a "
		    "struct page per 4 KiB of the window (%s), and the host's page cache "
		    "backs at most %s of mapped file data.",
		 SZ(pick->window), SZ(pick->range), pick->range ? pick->window / pick->range : 0,
		 pick->modules, o->pick_votes, o->pick_of,
		 o->pick_where_wins ? "where DAX wins" : "where DAX is best",
		 o->one_window ? "; the only window this run measured (`make tune` sweeps windows)" : "",
		 guest, SZ(pick->window));
}

void render_opening(const struct model *m, struct doc *d)
{
	wins_and_losses(m, d);
	stop_ratio(&m->open, d);
	window_choice(&m->open, d);
}

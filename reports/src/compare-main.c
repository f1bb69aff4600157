/* dscompare [-o OUTDIR] [-t TEMPLATES] [--no-plots] [--pair A_CONFIG=B_CONFIG]... A_DIR B_DIR
 *
 * Compares two results directories (or one with itself, configs paired
 * with --pair) and writes compare.md, compare.html, compare.json (the
 * figures at full precision) and the plot of the changes into OUTDIR (default B_DIR-vs-<A's name>, beside B). Prints
 * OUTDIR, then as its last line "N comparisons: K significant". Both results
 * directories are only read. A missing or corrupt result file is named on
 * one line of stderr, its cell is left out, and the exit status is 1.
 * Exit 2: usage, a results directory that is missing or not one, a --pair
 * naming a config its run does not have. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void usage(void)
{
	fputs("usage: dscompare [-o OUTDIR] [-t TEMPLATES_DIR] [--no-plots] "
	      "[--pair A_CONFIG=B_CONFIG]... A_DIR B_DIR\n", stderr);
	exit(2);
}

/* Load a run and analyse it into its model, as dsreport does. */
static int load(const char *which, const char *dir, char *real, struct run *run, struct model *m)
{
	if (!realpath(dir, real)) {
		fprintf(stderr, "dscompare: run %s: %s: %s\n", which, dir, strerror(errno));
		return -1;
	}
	if (load_run(real, run))
		return -1; /* named by load_run */
	analyse_run(run, m);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *templates = getenv("DSREPORT_TEMPLATES"), *dirs[2] = { NULL, NULL };
	char ra[PATH_MAX], rb[PATH_MAX], outabs[PATH_MAX], tplabs[PATH_MAX], *outp;
	const char *why;
	char *json;
	bool draw = true;
	struct compare cmp = { 0 };
	struct doc doc;
	int i, ndirs = 0, rc = 0;

	tool_name = "dscompare";
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
			templates = argv[++i];
		} else if (!strcmp(argv[i], "--no-plots")) {
			draw = false;
		} else if (!strcmp(argv[i], "--pair") && i + 1 < argc) {
			char *a = xstrdup(argv[++i]), *eq = strchr(a, '=');

			if (!eq || eq == a || !eq[1]) {
				fprintf(stderr, "dscompare: --pair %s: expected A_CONFIG=B_CONFIG\n", argv[i]);
				return 2;
			}
			*eq = '\0';
			cmp.given = xrealloc(cmp.given, (cmp.ngiven + 1) * sizeof(*cmp.given));
			cmp.given[cmp.ngiven].a = a;
			cmp.given[cmp.ngiven++].b = eq + 1;
		} else if (argv[i][0] == '-' || ndirs == 2) {
			usage();
		} else {
			dirs[ndirs++] = argv[i];
		}
	}
	if (ndirs != 2)
		usage();
	if (load("A", dirs[0], ra, &cmp.ra, &cmp.a) || load("B", dirs[1], rb, &cmp.rb, &cmp.b))
		return 2;
	why = compare_check_pairs(&cmp);
	if (why) {
		fprintf(stderr, "dscompare: %s\n", why);
		return 2;
	}
	if (draw && templates_dir(templates, tplabs))
		return 2;
	outp = out ? xstrdup(out) : xasprintf("%s-vs-%s", rb, run_name(ra));
	if (make_outdir(outp, (const char *const[]){ ra, rb, NULL }, outabs))
		return 2;
	/* Analyse once; the page, the plot and the last line render it. */
	analyse_compare(&cmp);
	if (render_compare_plot(&cmp, outabs, tplabs, draw))
		rc = 1;
	render_compare(&cmp, draw, &doc);
	json = path_join(outabs, "compare.json");
	if (render_compare_json(&cmp, json))
		rc = 1;
	rc = finish_outputs(&doc, outabs, "compare.md", "compare.html", rc);
	printf("%d comparisons: %d significant\n", cmp.tally.total, cmp.tally.significant);
	return rc;
}

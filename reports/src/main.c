/* dsreport [-o OUTDIR] [-t TEMPLATES] [--no-plots] RESULTS_DIR
 * dsreport --recommendation RESULTS_DIR
 *
 * Reads a results directory from workloads/run-matrix.sh and writes
 * summary.md, report.html and the plots (SVG and PNG, with their data files)
 * into OUTDIR (default RESULTS_DIR-report, beside it). The results directory
 * is only read. A missing or corrupt result file is named on one line of
 * stderr; the other cells are still reported, and the exit status is 1.
 * opening.md holds the report's opening (the headline sentences and the
 * recommendation table), which the runners print, and model.json the
 * analysis all of them render (render-json.c). With --recommendation it
 * writes nothing and prints that opening, in Markdown.
 * Exit 2: usage, or nothing to report from. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"

/* OUTDIR/opening.md: the headline and the recommendation of the same
 * document, for the runners to print without analysing the run again. */
static int write_opening(const struct doc *d, const char *outdir)
{
	struct doc opening = { .b = d->b, .n = d->opening };
	char *path = path_join(outdir, "opening.md");
	int rc = doc_write_md(&opening, path);

	if (rc)
		fprintf(stderr, "dsreport: cannot write %s\n", path);
	free(path);
	return rc;
}

static void usage(void)
{
	fputs("usage: dsreport [-o OUTDIR] [-t TEMPLATES_DIR] [--no-plots] RESULTS_DIR\n"
	      "       dsreport --recommendation RESULTS_DIR\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *out = NULL, *templates = getenv("DSREPORT_TEMPLATES"), *in = NULL;
	char results[PATH_MAX], outabs[PATH_MAX], tplabs[PATH_MAX], *outp, *json;
	bool draw = true, summary_only = false;
	struct run run;
	struct model model;
	struct plots plots;
	struct doc doc;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			templates = argv[++i];
		else if (!strcmp(argv[i], "--no-plots"))
			draw = false;
		else if (!strcmp(argv[i], "--recommendation"))
			summary_only = true;
		else if (argv[i][0] == '-' || in)
			usage();
		else
			in = argv[i];
	}
	if (!in)
		usage();
	if (!realpath(in, results)) {
		fprintf(stderr, "dsreport: %s: %s\n", in, strerror(errno));
		return 2;
	}
	if (summary_only) {
		if (load_run(results, &run))
			return 2;
		analyse_run(&run, &model);
		render_summary(&model, &doc);
		doc_print_md(&doc, stdout);
		return problem_count() ? 1 : 0;
	}
	if (draw && templates_dir(templates, tplabs))
		return 2;
	outp = out ? xstrdup(out) : xasprintf("%s-report", results);
	if (make_outdir(outp, (const char *const[]){ results, NULL }, outabs))
		return 2;
	/* Load, analyse once, then render every output from that model. */
	if (load_run(results, &run))
		return 2;
	analyse_run(&run, &model);
	if (render_plots(&model, outabs, tplabs, draw, &plots))
		rc = 1;
	render_report(&model, &plots, &doc);
	json = path_join(outabs, "model.json");
	if (render_model_json(&model, json))
		rc = 1;
	if (write_opening(&doc, outabs))
		rc = 1;
	return finish_outputs(&doc, outabs, "summary.md", "report.html", rc);
}

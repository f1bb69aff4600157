/* A report as a list of blocks (headings, paragraphs, tables, figures),
 * written once as Markdown and once as HTML from the same content. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

struct table *table_new(int ncols, ...)
{
	struct table *t = xcalloc(1, sizeof(*t));
	va_list ap;
	int i;

	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(char *));
	t->right = xcalloc(ncols, sizeof(bool));
	va_start(ap, ncols);
	for (i = 0; i < ncols; i++)
		t->head[i] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	return t;
}

void table_right(struct table *t, int col)
{
	t->right[col] = true;
}

void table_row(struct table *t, ...)
{
	va_list ap;
	int i;

	t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof(char **));
	t->rows[t->nrows] = xcalloc(t->ncols, sizeof(char *));
	va_start(ap, t);
	for (i = 0; i < t->ncols; i++)
		t->rows[t->nrows][i] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	t->nrows++;
}

static struct block *add(struct doc *d, enum block_kind kind)
{
	d->b = xrealloc(d->b, (d->n + 1) * sizeof(*d->b));
	memset(&d->b[d->n], 0, sizeof(*d->b));
	d->b[d->n].kind = kind;
	return &d->b[d->n++];
}

static char *vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return xstrdup("");
	return s;
}

void doc_heading(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, B_HEADING)->text = vfmt(fmt, ap);
	va_end(ap);
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, B_PARA)->text = vfmt(fmt, ap);
	va_end(ap);
}

void doc_table(struct doc *d, struct table *t)
{
	add(d, B_TABLE)->table = t;
}

void doc_figure(struct doc *d, const char *file, const char *caption)
{
	struct block *b = add(d, B_FIGURE);

	b->file = xstrdup(file);
	b->text = xstrdup(caption);
}

/* ---- Markdown ---- */

static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static void md_table(FILE *f, const struct table *t)
{
	int r, c;

	fputc('|', f);
	for (c = 0; c < t->ncols; c++) {
		fputc(' ', f);
		md_cell(f, t->head[c]);
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (c = 0; c < t->ncols; c++)
		fputs(t->right[c] ? "---:|" : "---|", f);
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', f);
		for (c = 0; c < t->ncols; c++) {
			fputc(' ', f);
			md_cell(f, t->rows[r][c]);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
}

void doc_print_md(const struct doc *d, FILE *f)
{
	int i;

	if (d->title)
		fprintf(f, "# %s\n", d->title);
	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];

		if (i || d->title)
			fputc('\n', f);
		switch (b->kind) {
		case B_HEADING: fprintf(f, "## %s\n", b->text); break;
		case B_PARA: fprintf(f, "%s\n", b->text); break;
		case B_TABLE: md_table(f, b->table); break;
		case B_FIGURE: fprintf(f, "![%s](%s.svg)\n", b->text, b->file); break;
		}
	}
}

int doc_write_md(const struct doc *d, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	doc_print_md(d, f);
	return fclose(f);
}

/* ---- HTML ---- */

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* Paragraphs carry Markdown's `code` and **strong** spans. */
static void esc_para(FILE *f, const char *s)
{
	bool code = false, strong = false;

	for (; *s; s++) {
		if (*s == '`') {
			fputs(code ? "</code>" : "<code>", f);
			code = !code;
		} else if (!code && s[0] == '*' && s[1] == '*') {
			fputs(strong ? "</strong>" : "<strong>", f);
			strong = !strong;
			s++;
		} else {
			char c[2] = { *s, 0 };

			esc(f, c);
		}
	}
	if (code)
		fputs("</code>", f);
	if (strong)
		fputs("</strong>", f);
}

static void html_table(FILE *f, const struct table *t)
{
	int r, c;

	fputs("<table>\n<tr>", f);
	for (c = 0; c < t->ncols; c++) {
		fputs("<th>", f);
		esc(f, t->head[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (c = 0; c < t->ncols; c++) {
			fputs(t->right[c] ? "<td class=\"n\">" : "<td>", f);
			esc(f, t->rows[r][c]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

int doc_write_html(const struct doc *d, const char *path)
{
	FILE *f = fopen(path, "w");
	int i;

	if (!f)
		return -1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	esc(f, d->title);
	fputs("</title>\n<style>\n"
	      "body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; }\n"
	      "table { border-collapse: collapse; margin: 1em 0; font-size: 90%; }\n"
	      "th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; }\n"
	      "th { background: #eee; }\n"
	      "td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
	      "figure { margin: 1em 0; }\n"
	      "figure img { max-width: 100%; border: 1px solid #ddd; }\n"
	      "code { background: #f4f4f4; }\n"
	      "</style>\n</head>\n<body>\n<h1>", f);
	esc(f, d->title);
	fputs("</h1>\n", f);
	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];

		switch (b->kind) {
		case B_HEADING:
			fputs("<h2>", f);
			esc(f, b->text);
			fputs("</h2>\n", f);
			break;
		case B_PARA:
			fputs("<p>", f);
			esc_para(f, b->text);
			fputs("</p>\n", f);
			break;
		case B_TABLE:
			html_table(f, b->table);
			break;
		case B_FIGURE:
			fprintf(f, "<figure><a href=\"%s.png\"><img src=\"%s.svg\" alt=\"", b->file, b->file);
			esc(f, b->text);
			fputs("\"></a><figcaption>", f);
			esc(f, b->text);
			fprintf(f, " (<a href=\"%s.svg\">SVG</a>, <a href=\"%s.png\">PNG</a>)</figcaption></figure>\n",
				b->file, b->file);
			break;
		}
	}
	fputs("</body>\n</html>\n", f);
	return fclose(f);
}

int doc_write_files(const struct doc *d, const char *outdir, const char *md, const char *html)
{
	char *p = path_join(outdir, md);
	int rc = 0;

	if (doc_write_md(d, p)) {
		fprintf(stderr, "%s: cannot write %s\n", tool_name, p);
		rc = -1;
	}
	free(p);
	p = path_join(outdir, html);
	if (doc_write_html(d, p)) {
		fprintf(stderr, "%s: cannot write %s\n", tool_name, p);
		rc = -1;
	}
	free(p);
	return rc;
}

int finish_outputs(const struct doc *d, const char *outdir, const char *md, const char *html, int rc)
{
	if (doc_write_files(d, outdir, md, html) || problem_count())
		rc = 1;
	printf("%s\n", outdir);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* The Prometheus exporter of the DAX tools: GET /metrics on ADDR:PORT
 * (IPv4 or [IPv6]), rendered by the tool at each scrape. */
#ifndef DAXSCOPE_PROM_H
#define DAXSCOPE_PROM_H

#include <stdio.h>

#define PROM_DEFAULT "127.0.0.1:9477"

/* Writes the whole exposition to f; called from the HTTP thread. */
typedef void (*prom_render_fn)(FILE *f);

/* Starts serving; a one-line fatal error when the address is bad or taken. */
void prom_start(const char *spec, prom_render_fn render);
void prom_stop(void);

/* "# HELP" and "# TYPE" lines. */
void prom_head(FILE *f, const char *name, const char *type, const char *help);

#endif

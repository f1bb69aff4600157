/* Lookups in json-c objects shared by the fio and daxstat readers. */
#include <math.h>

#include <json-c/json.h>

#include "dsreport.h"

json_object *json_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* null (unavailable) and absent are NaN, never 0. */
double json_num(json_object *o, const char *key)
{
	json_object *v = json_get(o, key);

	if (!v || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return NAN;
	return json_object_get_double(v);
}

// Starts the vendored Swagger UI on /api/docs (a file, not an inline script: the site's
// Content-Security-Policy allows no inline script).
/* global SwaggerUIBundle */
"use strict";

const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  // Swagger UI would otherwise send the schema to an online validator.
  validatorUrl: null,
});

// The API documentation page: Swagger UI (vendored) on the schema named by the page, no inline
// script. Calls made from "Try it out" use the session, so unsafe ones carry the CSRF token.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrfToken = node.dataset.csrfToken;
  var unsafe = { POST: true, PUT: true, PATCH: true, DELETE: true };

  function sameOrigin(url) {
    return new URL(url, window.location.href).origin === window.location.origin;
  }

  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: true,
    validatorUrl: null, // never send the schema to validator.swagger.io
    requestInterceptor: function (request) {
      if (csrfToken && unsafe[(request.method || "GET").toUpperCase()] && sameOrigin(request.url)) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();

import Foundation

/// The OpenAPI 3.1 description of the server's HTTP API, served at `/openapi.json`.
public enum OpenAPIDocument {
    /// Every route as (method, OpenAPI path), for tests and for the router to be checked against.
    public static let routes: [(method: String, path: String)] = [
        ("get", "/health"), ("get", "/openapi.json"), ("get", "/metrics"),
        ("get", "/v1/models"), ("get", "/v1/models/{name}"), ("post", "/v1/models/{name}/predict"), ("get", "/v1/models/{name}/drift"),
        ("post", "/invocations"), ("get", "/v1/audit"), ("post", "/v1/admin/reload"),
    ]

    /// The document, as JSON text.
    public static let json: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Galen inference server",
        "version": "1",
        "description": "Predictions from Galen tabular model bundles. Routes under /v1 and /invocations need an API key (Authorization: Bearer KEY; create one with `galen keys create`). Role predict may list, describe and call models; role admin may also read the audit trail. Every prediction request is written to the audit trail before it is answered. Errors are JSON: {\"error\": {\"status\", \"field\", \"message\"}}; messages never repeat submitted values."
      },
      "components": {
        "securitySchemes": { "apiKey": { "type": "http", "scheme": "bearer" } },
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": { "error": { "type": "object", "required": ["status", "message"], "properties": {
              "status": { "type": "integer" }, "field": { "type": "string" }, "message": { "type": "string" } } } }
          },
          "Record": {
            "type": "object",
            "description": "One record: every input column of the model (see GET /v1/models/{name}, inputs). Numbers for numeric columns, true/false (or the training spellings) for boolean, a training category for categorical, an ISO 8601 string for date; null for a missing value.",
            "additionalProperties": { "type": ["number", "string", "boolean", "null"] }
          },
          "Prediction": {
            "type": "object",
            "properties": {
              "id": { "description": "The record's ID column, echoed (models with an ID column only)." },
              "label": { "type": "string", "description": "Predicted class (classification)." },
              "probabilities": { "type": "object", "additionalProperties": { "type": "number" }, "description": "Probability of each class (classification)." },
              "value": { "type": "number", "description": "Predicted value (regression)." },
              "contributions": { "type": "object", "additionalProperties": { "type": "number" }, "description": "With ?explain=true: each input column's contribution, largest magnitude first. Integrated gradients (16 midpoint steps) of the network's raw output (log-odds of the positive class, logit of the predicted class, or the prediction in target units) from the baseline of 0 on every preprocessed feature (the training mean of standardised features, absent for one-hot, boolean and missing-indicator features), summed over each column's features; they add up to about output(record) - output(baseline)." }
            }
          },
          "ModelSummary": {
            "type": "object",
            "required": ["name", "version", "task", "created_at", "bundle_sha256", "older_versions"],
            "properties": {
              "name": { "type": "string" }, "version": { "type": "string" }, "task": { "enum": ["binary", "multiclass", "regression"] },
              "created_at": { "type": "string" }, "bundle_sha256": { "type": "string" },
              "older_versions": { "type": "array", "items": { "type": "string" } }
            }
          }
        },
        "responses": {
          "BadRequest": { "description": "The request does not fit the model's schema or the protocol.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Unauthorized": { "description": "No, malformed, unknown or revoked API key.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Forbidden": { "description": "The key's role does not allow this route.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "NotFound": { "description": "No model of that name is served.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "TooLarge": { "description": "The body is larger than the server's limit.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "TooManyRequests": { "description": "The API key is over its rate limit (galen serve --rate-limit); see Retry-After.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "NotJSON": { "description": "The body is not UTF-8 JSON.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        }
      },
      "paths": {
        "/health": { "get": { "summary": "Liveness and the number of models served.", "responses": { "200": { "description": "Up.",
          "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "const": "ok" }, "models": { "type": "integer" } } } } } } } } },
        "/openapi.json": { "get": { "summary": "This document.", "responses": { "200": { "description": "OpenAPI 3.1 document." } } } },
        "/metrics": { "get": { "summary": "Prometheus metrics: requests by route, model and status; latency histograms; predicted rows and score histograms.",
          "responses": { "200": { "description": "Prometheus text exposition format.", "content": { "text/plain": {} } } } } },
        "/v1/models": { "get": { "summary": "The served models.", "security": [{ "apiKey": [] }],
          "responses": { "200": { "description": "Models.", "content": { "application/json": { "schema": { "type": "object", "properties": {
            "models": { "type": "array", "items": { "$ref": "#/components/schemas/ModelSummary" } } } } } } },
            "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" } } } },
        "/v1/models/{name}": { "get": { "summary": "One model: version, hashes, target, input schema, threshold, test metrics, training data fingerprint.",
          "security": [{ "apiKey": [] }],
          "parameters": [{ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } }],
          "responses": { "200": { "description": "The model.", "content": { "application/json": { "schema": { "type": "object", "properties": {
            "model": { "$ref": "#/components/schemas/ModelSummary" }, "galen_version": { "type": "string" },
            "files": { "type": "object", "additionalProperties": { "type": "string" } }, "target": { "type": "object" },
            "inputs": { "type": "array", "items": { "type": "object" } }, "id_column": { "type": "string" },
            "ignored_columns": { "type": "array", "items": { "type": "string" } }, "threshold": { "type": "object" },
            "metrics": { "type": "object" }, "training_data": { "type": "object" } } } } } },
            "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" }, "404": { "$ref": "#/components/responses/NotFound" } } } },
        "/v1/models/{name}/drift": { "get": { "summary": "Drift of the records scored since the server started: population stability index of each input feature against the training distribution stored in the bundle (< 0.1 stable, 0.1-0.25 moderate, > 0.25 significant; 'insufficient data' below 100 rows).",
          "security": [{ "apiKey": [] }],
          "parameters": [{ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } }],
          "responses": { "200": { "description": "Drift per feature.", "content": { "application/json": { "schema": { "type": "object", "properties": {
            "model": { "type": "string" }, "version": { "type": "string" }, "rows": { "type": "integer" }, "training_rows": { "type": "integer" },
            "features": { "type": "array", "items": { "type": "object", "properties": { "feature": { "type": "string" }, "psi": { "type": "number" },
              "status": { "enum": ["stable", "moderate", "significant", "insufficient data"] } } } } } } } } },
            "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" },
            "404": { "$ref": "#/components/responses/NotFound" },
            "409": { "description": "The bundle holds no training reference.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } },
        "/v1/models/{name}/predict": { "post": { "summary": "Predict for records.", "security": [{ "apiKey": [] }],
          "parameters": [{ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } },
            { "name": "explain", "in": "query", "required": false, "schema": { "type": "boolean", "default": false },
              "description": "Add each record's per-column contributions (see Prediction.contributions)." }],
          "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["records"],
            "additionalProperties": false, "properties": { "records": { "type": "array", "minItems": 1, "items": { "$ref": "#/components/schemas/Record" } } } } } } },
          "responses": { "200": { "description": "One prediction per record, in order.", "content": { "application/json": { "schema": { "type": "object",
            "properties": { "model": { "type": "string" }, "version": { "type": "string" }, "bundle_sha256": { "type": "string" }, "request_id": { "type": "string" },
              "predictions": { "type": "array", "items": { "$ref": "#/components/schemas/Prediction" } },
              "warnings": { "type": "array", "items": { "type": "object" } } } } } } },
            "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" },
            "404": { "$ref": "#/components/responses/NotFound" }, "413": { "$ref": "#/components/responses/TooLarge" },
            "415": { "$ref": "#/components/responses/NotJSON" } } } },
        "/invocations": { "post": { "summary": "MLflow scoring protocol.", "security": [{ "apiKey": [] }],
          "parameters": [{ "name": "model", "in": "query", "required": false, "schema": { "type": "string" },
            "description": "The model to use; may be left out when one model is served." }],
          "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object",
            "description": "Exactly one of dataframe_split ({columns, data[, index]}), dataframe_records ([record]), instances or inputs ([record], [row in input column order] or {column: [values]}); params is ignored.",
            "properties": { "dataframe_split": { "type": "object" }, "dataframe_records": { "type": "array" }, "instances": {}, "inputs": {}, "params": {} } } } } },
          "responses": { "200": { "description": "Predictions in order.", "content": { "application/json": { "schema": { "type": "object",
            "properties": { "predictions": { "type": "array", "items": { "$ref": "#/components/schemas/Prediction" } } } } } } },
            "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" },
            "404": { "$ref": "#/components/responses/NotFound" }, "413": { "$ref": "#/components/responses/TooLarge" },
            "415": { "$ref": "#/components/responses/NotJSON" } } } },
        "/v1/admin/reload": { "post": { "summary": "Scan the model folder again and swap in the new set of models atomically (role admin); requests in flight finish on the models they started with. On failure the previous models stay served.",
          "security": [{ "apiKey": [] }],
          "responses": { "200": { "description": "The models now served.", "content": { "application/json": { "schema": { "type": "object", "properties": {
            "models": { "type": "array", "items": { "$ref": "#/components/schemas/ModelSummary" } } } } } } },
            "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" }, "403": { "$ref": "#/components/responses/Forbidden" },
            "409": { "description": "The folder could not be loaded (a bundle failed verification, no bundles...).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } },
        "/v1/audit": { "get": { "summary": "Audit records, newest first (role admin).", "security": [{ "apiKey": [] }],
          "parameters": [
            { "name": "since", "in": "query", "schema": { "type": "string" }, "description": "ISO 8601 date or time (UTC)." },
            { "name": "model", "in": "query", "schema": { "type": "string" } },
            { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 10000 } }],
          "responses": { "200": { "description": "Records.", "content": { "application/json": { "schema": { "type": "object",
            "properties": { "records": { "type": "array", "items": { "type": "object" } } } } } } },
            "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "429": { "$ref": "#/components/responses/TooManyRequests" },
            "403": { "$ref": "#/components/responses/Forbidden" } } } }
      }
    }
    """#
}

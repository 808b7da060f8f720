#!/usr/bin/env python3
"""Writes docs/openapi.json (the API's OpenAPI 3.1 document) and Sources/OutreachWeb/API/OpenAPIDocument.swift
(the same text embedded, so that `outreach serve` serves it from any working directory).

Run from the repository root after changing the API:  python3 scripts/gen-openapi.py
OpenAPIDocumentTests checks that the two copies agree and that the document matches the routes."""
import json

PROBLEM = {"$ref": "#/components/responses/Problem"}


def problems(*codes):
    return {str(c): PROBLEM for c in codes}


def ok(schema, description, etag=True, status="200"):
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if etag:
        response["headers"] = {"ETag": {"$ref": "#/components/headers/ETag"}}
    return {status: response}


def param(name, description, schema=None, where="query", required=False):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema or {"type": "string"}}


LANG = {"$ref": "#/components/parameters/lang"}
IF_NONE_MATCH = {"$ref": "#/components/parameters/IfNoneMatch"}
IDEMPOTENCY = {"$ref": "#/components/parameters/IdempotencyKey"}
EVENT_ID = dict(param("id", "The event's id.", where="path", required=True), example="315-bd-wanda")
CAMPAIGN_ID = dict(param("id", "The campaign's id.", where="path", required=True), example="2027-315-xianning")
DAY = {"type": "string", "description": "A date: 2027-03-15, 2027-3-15 or 2027/3/15 (as the command line reads it)."}
NOT_MODIFIED = {"304": {"description": "Not modified (If-None-Match named the current ETag)."}}

REPORT_PARAMS = [
    param("period", "How the period is given.", {"type": "string", "enum": ["month", "quarter", "year", "range"]}),
    param("month", "The month (period=month), e.g. 2027-03; this month by default."),
    param("quarter", "The quarter (period=quarter), e.g. 2027-Q1."),
    param("year", "The year (period=year), e.g. 2027."),
    param("from", "First day (period=range), e.g. 2027-03-01.", DAY),
    param("to", "Last day (period=range).", DAY),
    param("by", "Groupings, comma-separated (channel, branch, campaign, segment, metric, month, week, day, ...)."),
    param("level", "Branch level to roll up to."),
    param("branch", "Only this branch and below (branch staff: their subtree only; others are 404)."),
    param("campaign", "Only this campaign."),
    param("channel", "Only this channel."),
    param("segment", "Only this audience segment."),
    LANG,
]


def get(summary, description, params, response, codes=(400, 401, 403, 404)):
    codes = tuple(sorted(set(codes) | {400}))
    return {"get": {
        "summary": summary, "description": description, "parameters": params + [IF_NONE_MATCH],
        "responses": {**response, **NOT_MODIFIED, **problems(*codes)},
    }}


def status_change(action, summary, needs_reason):
    body = {"type": "object", "properties": {"reason": {"type": ["string", "null"], "description": "Why (kept in the audit log)."}}}
    if needs_reason:
        body["required"] = ["reason"]
    return {"post": {
        "summary": summary,
        "description": "Changes the event's status as the web page does. Viewers get 403; another branch's event is 404. "
                       "With If-Match, a stale ETag gets 412 and nothing changes.",
        "parameters": [EVENT_ID, LANG, IDEMPOTENCY, {"$ref": "#/components/parameters/IfMatch"}],
        "requestBody": {"required": needs_reason, "content": {"application/json": {"schema": body}}},
        "responses": {**ok({"$ref": "#/components/schemas/Event"}, "The event after the change."),
                      **problems(400, 401, 403, 404, 409, 412, 422)},
    }}


BRANCH = param("branch", "The branch (default: branch staff their own, others the root branch; another's is 404).")
MONTH = dict(param("month", "The month, e.g. 2027-03.", where="path", required=True), example="2027-03")


def bulletin_step(summary, description):
    return {"post": {
        "summary": summary, "description": description, "parameters": [MONTH, BRANCH, LANG, IDEMPOTENCY],
        "responses": {**ok({"$ref": "#/components/schemas/BulletinState"}, "The bulletin after the step.", etag=False),
                      **problems(400, 401, 403, 404, 409, 422)},
    }}


doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "Outreach API",
        "version": "1.0.0",
        "description": "The JSON API of `outreach serve` (docs/api.md): campaigns, events, reach, reports, the scorecard and users, "
                       "with the web app's roles and branch scope. Authenticate with `Authorization: Bearer otk_…` "
                       "(`outreach token create`). Errors are RFC 9457 problems (`application/problem+json`), in `?lang=zh|en` or "
                       "Accept-Language (Chinese by default). A method a path does not have is 405, with `Allow` listing the "
                       "path's methods.",
    },
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": {
        "/api/v1/openapi.json": {"get": {
            "summary": "This document", "security": [],
            "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }},
        "/api/v1/campaigns": get("List campaigns", "The campaigns the user may see, with how many of their events (not cancelled, in the user's scope) there are.",
                                 [LANG], ok({"$ref": "#/components/schemas/CampaignList"}, "The campaigns."), codes=(401, 403)),
        "/api/v1/campaigns/{id}": get("Get a campaign", "A campaign with its targets and the events the user may see.", [CAMPAIGN_ID, LANG],
                                      ok({"$ref": "#/components/schemas/Campaign"}, "The campaign."), codes=(401, 403, 404)),
        "/api/v1/campaigns/{id}/events": {"post": {
            "summary": "Plan a new event in a campaign",
            "description": "As the planning form: the campaign files' checks and the schedule's clashes, each error under its field "
                           "(the campaign files' names). Admins and planners only. Answers the event as GET shows it (plus `warnings`).",
            "parameters": [CAMPAIGN_ID, LANG, IDEMPOTENCY],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventFields"}}}},
            "responses": {**ok({"$ref": "#/components/schemas/Event"}, "Planned.", status="201"), **problems(400, 401, 403, 404, 409, 422)},
        }},
        "/api/v1/events": get("List occurrences", "Occurrences of a window, as `outreach plan --format json`, a page at a time.", [
            param("from", "First day (default today).", DAY),
            param("to", "Last day, inclusive (default from + 30 days; at most 366 days).", DAY),
            param("branch", "Only this branch and below (branch staff: their subtree; others 404)."),
            param("campaign", "Only this campaign."),
            param("channel", "Only this channel."),
            param("status", "Only this status (default: all but cancelled).", {"type": "string", "enum": ["planned", "confirmed", "done", "cancelled"]}),
            param("limit", "Items per page (1 to 500, default 100).", {"type": "integer", "minimum": 1, "maximum": 500}),
            param("cursor", "The nextCursor of the previous page."),
            LANG,
        ], ok({"$ref": "#/components/schemas/OccurrencePage"}, "A page of occurrences.")),
        "/api/v1/events/{id}": {
            **get("Get an event", "An event as planned, with its occurrences' bounds.", [EVENT_ID, LANG],
                  ok({"$ref": "#/components/schemas/Event"}, "The event."), codes=(401, 403, 404)),
            "patch": {
                "summary": "Change an event's fields",
                "description": "The fields named in the body change, the others stay, checked as the planning form checks them. "
                               "Admins and planners only. With If-Match, a stale ETag gets 412 and nothing changes.",
                "parameters": [EVENT_ID, LANG, IDEMPOTENCY, {"$ref": "#/components/parameters/IfMatch"}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventFields"}}}},
                "responses": {**ok({"$ref": "#/components/schemas/Event"}, "The event after the change."),
                              **problems(400, 401, 403, 404, 409, 412, 422)},
            },
        },
        "/api/v1/events/{id}/confirm": status_change("confirm", "Confirm an event", False),
        "/api/v1/events/{id}/done": status_change("done", "Mark an event done", False),
        "/api/v1/events/{id}/cancel": status_change("cancel", "Cancel an event (a reason is needed)", True),
        "/api/v1/reach": {"post": {
            "summary": "Log one reach record",
            "description": "Checked as `outreach reach log` checks its arguments. Viewers get 403; another branch's event is 404.",
            "parameters": [LANG, IDEMPOTENCY],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReachInput"}}}},
            "responses": {**ok({"$ref": "#/components/schemas/ReachRecorded"}, "Recorded.", etag=False, status="201"),
                          **problems(400, 401, 403, 404, 409, 422)},
        }},
        "/api/v1/reach/batches": {
            **get("List reach batches", "Every batch (branch staff: the ones they recorded), newest first.", [LANG],
                  ok({"$ref": "#/components/schemas/BatchList"}, "The batches."), codes=(401, 403)),
            "post": {
                "summary": "Import a reach file",
                "description": "A CSV, TSV or .xlsx file as the body, imported as `outreach reach import` does: all or nothing, "
                               "every bad row in `errors` with its place (`wanda.csv:3`, `Sheet1!C7`). Branch staff: their subtree only.",
                "parameters": [param("name", "The file's name, used in messages (default upload.csv)."), LANG, IDEMPOTENCY],
                "requestBody": {"required": True, "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
                }},
                "responses": {**ok({"$ref": "#/components/schemas/Batch"}, "Imported.", etag=False, status="201"),
                              **problems(400, 401, 403, 409, 413, 422)},
            },
        },
        "/api/v1/reach/batches/{id}/undo": {"post": {
            "summary": "Undo a reach batch",
            "description": "Records the batch added are deleted, figures it replaced restored (`outreach reach undo`). "
                           "Branch staff: only batches they recorded (others 404).",
            "parameters": [dict(param("id", "The batch's id.", {"type": "integer"}, where="path", required=True), example=1), LANG, IDEMPOTENCY],
            "responses": {**ok({"$ref": "#/components/schemas/Undone"}, "Undone.", etag=False), **problems(400, 401, 403, 404, 409, 422)},
        }},
        "/api/v1/bulletins": get("List published bulletins", "The published bulletins of a branch, oldest first.", [BRANCH, LANG],
                                 ok({"$ref": "#/components/schemas/PublishedList"}, "The bulletins."), codes=(401, 403, 404)),
        "/api/v1/bulletins/{month}": get("Get a month's bulletin", "Its figures as they stand, who prepared and approved it, the published copy.",
                                         [MONTH, BRANCH, LANG], ok({"$ref": "#/components/schemas/BulletinState"}, "The bulletin.")),
        "/api/v1/bulletins/{month}/prepare": bulletin_step("Prepare a month's bulletin (制表)", "Planners and admins; published ones are 409."),
        "/api/v1/bulletins/{month}/publish": bulletin_step(
            "Publish a month's bulletin (审核)", "Approvers and admins, never its preparer (403); not prepared or already published: 409."),
        "/api/v1/notices": get("The notices queue", "Counts by state and the next entries (admins only; no webhook key is ever shown).",
                               [param("limit", "Entries (1 to 500, default 100).", {"type": "integer", "minimum": 1, "maximum": 500}), LANG],
                               ok({"type": "object"}, "The queue."), codes=(401, 403)),
        "/api/v1/notices/log": get("The delivery log", "Attempts, newest first (admins only).", [
            param("limit", "Entries (1 to 500, default 100).", {"type": "integer", "minimum": 1, "maximum": 500}),
            param("target", "Only this target."), LANG], ok({"type": "object"}, "The log."), codes=(401, 403)),
        "/api/v1/notices/retry": {"post": {
            "summary": "Queue every dead notice again", "description": "As `outreach notify retry --all-dead` (admins only).",
            "parameters": [LANG, IDEMPOTENCY],
            "responses": {**ok({"type": "object"}, "How many were queued again.", etag=False), **problems(401, 403, 409, 422)},
        }},
        "/api/v1/reports": get("Reach totals", "The JSON of `outreach report totals --format json` for the question.", REPORT_PARAMS,
                               ok({"type": "object"}, "The report.")),
        "/api/v1/scorecard": get("Scorecard", "The JSON of `outreach report scorecard --format json`.", REPORT_PARAMS,
                                 ok({"type": "object"}, "The scorecard.")),
        "/api/v1/users": get("List users", "Every user (administrators only).", [LANG],
                             ok({"$ref": "#/components/schemas/UserList"}, "The users."), codes=(401, 403)),
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token (otk_…) from `outreach token create`."},
        },
        "parameters": {
            "lang": param("lang", "Language of messages and names (default: Accept-Language, else zh).", {"type": "string", "enum": ["zh", "en"]}),
            "IfNoneMatch": param("If-None-Match", "An ETag from an earlier answer: 304 when unchanged.", where="header"),
            "IfMatch": param("If-Match", "The event's ETag as read: 412 when it changed since.", where="header"),
            "IdempotencyKey": param("Idempotency-Key", "Makes the POST safe to retry: the same key and request replay the first answer.",
                                    {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]+$"}, where="header"),
        },
        "headers": {"ETag": {"description": "Strong entity tag: the SHA-256 of the body.", "schema": {"type": "string"}}},
        "responses": {"Problem": {"description": "A problem (RFC 9457).",
                                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
        "schemas": {
            "Problem": {"type": "object", "required": ["type", "title", "status"], "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
                                                       "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
            }},
            "CampaignSummary": {"type": "object", "required": ["id", "title", "start", "end", "events"], "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "titleEn": {"type": ["string", "null"]}, "kind": {"type": "string"},
                "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}, "owner": {"type": "string"},
                "events": {"type": "integer"}, "source": {"type": ["string", "null"]},
            }},
            "CampaignList": {"type": "object", "required": ["items"], "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/CampaignSummary"}}}},
            "Campaign": {"type": "object", "required": ["id", "title", "events"], "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "titleEn": {"type": ["string", "null"]},
                "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
                "branches": {"type": "array", "items": {"type": "string"}},
                "events": {"type": "array", "items": {"type": "object"}},
            }},
            "Event": {"type": "object", "required": ["id", "campaign", "status", "occurrences"], "properties": {
                "id": {"type": "string"}, "campaign": {"type": "string"}, "title": {"type": "string"},
                "channel": {"type": "string"}, "branch": {"type": "string"}, "timeZone": {"type": "string"},
                "status": {"type": "string", "enum": ["planned", "confirmed", "done", "cancelled"]},
                "occurrences": {"type": "array", "items": {"type": "object", "properties": {
                    "start": {"type": "string", "description": "2027-03-13T10:00:00+08:00, or a date for all-day events"},
                    "end": {"type": "string"}, "allDay": {"type": "boolean"}}}},
            }},
            "EventFields": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "title_en": {"type": ["string", "null"]},
                "channel": {"type": "string"}, "venue": {"type": "string"}, "branch": {"type": ["string", "null"]},
                "start": {"type": "string", "description": "2027-03-21 09:00, or a date for all day"},
                "end": {"type": "string", "description": "10:00, 2027-03-21 17:00, or a date"},
                "repeat": {"type": ["string", "null"]}, "except": {"type": ["string", "null"]}, "staff": {"type": ["string", "null"]},
                "expected_reach": {"type": ["string", "integer", "null"]}, "capacity": {"type": ["string", "integer", "null"]},
                "notes": {"type": ["string", "null"]}},
                "example": {"id": "api-new-desk", "title": "接口新增咨询台", "channel": "outlet-desk", "venue": "outlet-xianan-yongan",
                            "start": "2027-03-19 09:00", "end": "11:00"}},
            "Occurrence": {"type": "object", "required": ["event", "start", "end", "status"], "properties": {
                "event": {"type": "string"}, "campaign": {"type": "string"}, "title": {"type": "string"},
                "start": {"type": "string"}, "end": {"type": "string"}, "allDay": {"type": "boolean"},
                "timeZone": {"type": "string"}, "status": {"type": "string"}, "branch": {"type": "string"},
            }},
            "OccurrencePage": {"type": "object", "required": ["items", "nextCursor"], "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Occurrence"}},
                "nextCursor": {"type": ["string", "null"]}}},
            "ReachInput": {"type": "object", "required": ["event", "date", "metric", "count"],
                           "example": {"event": "315-bd-wanda", "date": "2027-03-13", "metric": "attendees", "count": 120},
                           "properties": {
                "event": {"type": "string", "minLength": 1}, "date": {"type": "string", "format": "date"},
                "metric": {"type": "string", "minLength": 1}, "count": {"type": "integer", "minimum": 0}, "segment": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}}},
            "ReachRecorded": {"type": "object", "required": ["batch", "event", "date", "metric", "count"], "properties": {
                "batch": {"type": "integer"}, "event": {"type": "string"}, "date": {"type": "string", "format": "date"},
                "metric": {"type": "string"}, "segment": {"type": ["string", "null"]}, "count": {"type": "integer"},
                "note": {"type": ["string", "null"]}, "added": {"type": "integer"}, "replaced": {"type": "integer"},
                "unchanged": {"type": "integer"}, "recordedBy": {"type": "string"}, "recordedAt": {"type": "string", "format": "date-time"}}},
            "Batch": {"type": "object", "required": ["id", "source", "added", "replaced", "unchanged"], "properties": {
                "id": {"type": "integer"}, "source": {"type": "string", "enum": ["manual", "import"]}, "file": {"type": ["string", "null"]},
                "recordedBy": {"type": ["string", "null"]}, "recordedAt": {"type": "string", "format": "date-time"},
                "added": {"type": "integer"}, "replaced": {"type": "integer"}, "unchanged": {"type": "integer"},
                "undoneAt": {"type": ["string", "null"], "format": "date-time"}, "rows": {"type": "integer"},
                "warnings": {"type": "array", "items": {"type": "object"}}}},
            "BatchList": {"type": "object", "required": ["items"], "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Batch"}}}},
            "Undone": {"type": "object", "required": ["batch", "deleted", "restored"], "properties": {
                "batch": {"type": "integer"}, "deleted": {"type": "integer"}, "restored": {"type": "integer"},
                "keptLaterChanges": {"type": "integer"}}},
            "Published": {"type": "object", "required": ["month", "branch", "issuedAt", "publishedBy"], "properties": {
                "month": {"type": "string"}, "branch": {"type": "string"}, "issuedAt": {"type": "string", "format": "date-time"},
                "publishedBy": {"type": "string"}, "figures": {"type": ["object", "null"]}}},
            "PublishedList": {"type": "object", "required": ["items"], "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Published"}}}},
            "BulletinState": {"type": "object", "required": ["month", "branch", "figures", "published"], "properties": {
                "month": {"type": "string"}, "branch": {"type": "string"}, "figures": {"type": ["object", "null"]},
                "preparedBy": {"type": ["string", "null"]}, "preparedAt": {"type": ["string", "null"]},
                "approvedBy": {"type": ["string", "null"]}, "approvedAt": {"type": ["string", "null"]},
                "published": {"oneOf": [{"$ref": "#/components/schemas/Published"}, {"type": "null"}]}}},
            "UserList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {
                "type": "object", "required": ["name", "role"], "properties": {
                    "name": {"type": "string"}, "displayName": {"type": "string"},
                    "role": {"type": "string", "enum": ["admin", "planner", "approver", "branch-staff", "viewer"]},
                    "branch": {"type": ["string", "null"]}, "disabled": {"type": "boolean"},
                    "createdAt": {"type": "string", "format": "date-time"}}}}}},
        },
    },
}

# Every operation behind the token may answer 400 (a bad `lang`, a bad Idempotency-Key) and 401.
for path, item in doc["paths"].items():
    for operation in item.values():
        if operation.get("security") == []:
            continue
        for code in ("400", "401"):
            operation["responses"].setdefault(code, PROBLEM)
        operation["responses"] = dict(sorted(operation["responses"].items()))

text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
assert '"""#' not in text
open("docs/openapi.json", "w").write(text)
open("Sources/OutreachWeb/API/OpenAPIDocument.swift", "w").write(
    "// Generated by scripts/gen-openapi.py from the same source as docs/openapi.json: do not edit by hand.\n\n"
    "/// The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json` (a copy of docs/openapi.json).\n"
    "enum OpenAPIDocument {\n    static let json = #\"\"\"\n" + text + "\"\"\"#\n}\n")
print("wrote docs/openapi.json and Sources/OutreachWeb/API/OpenAPIDocument.swift")

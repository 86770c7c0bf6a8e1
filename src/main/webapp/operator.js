// The operator page: read-only views over the admin API, refreshed every REFRESH_MS.
// Data is written with textContent only, so nothing the API returns is ever parsed as HTML.
"use strict";

const REFRESH_MS = 10000;
const TOKEN_KEY = "casguard.adminToken";
// Each refresh reads the backends of at most this many organizations, one request each.
const MAX_ORGS_WITH_BACKENDS = 100;

let timer = null;

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
    constructor(status, code, detail) {
        super(detail || ("HTTP " + status));
        this.status = status;
        this.code = code;
    }
}

async function api(path, token) {
    let response;
    try {
        response = await fetch("api/v1/" + path, {
            headers: { "Authorization": "Bearer " + token, "Accept": "application/json" },
            cache: "no-store"
        });
    } catch (e) {
        throw new ApiError(0, "UNREACHABLE", "the server does not answer");
    }
    if (response.ok) {
        return response.json();
    }
    let problem = {};
    try {
        problem = await response.json();
    } catch (e) {
        // not problem+json (a proxy's page, say): status alone
    }
    throw new ApiError(response.status, problem.code, problem.detail);
}

function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text === null || text === undefined || text === "" ? "–" : String(text);
    if (className) {
        td.className = className;
    }
    return td;
}

function fill(tableId, items, columns, emptyText) {
    const body = $(tableId).tBodies[0];
    const rows = document.createDocumentFragment();
    if (items.length === 0) {
        const row = document.createElement("tr");
        const td = row.insertCell();
        td.colSpan = $(tableId).tHead.rows[0].cells.length;
        td.className = "empty";
        td.textContent = emptyText;
        rows.appendChild(row);
    }
    for (const item of items) {
        const row = document.createElement("tr");
        columns(row, item);
        rows.appendChild(row);
    }
    body.replaceChildren(rows);
}

function when(iso) {
    if (!iso) {
        return null;
    }
    const at = new Date(iso);
    const seconds = Math.round((Date.now() - at.getTime()) / 1000);
    const ago = seconds < 90 ? seconds + " s ago"
        : seconds < 5400 ? Math.round(seconds / 60) + " min ago"
        : seconds < 172800 ? Math.round(seconds / 3600) + " h ago"
        : Math.round(seconds / 86400) + " d ago";
    return at.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") + " (" + ago + ")";
}

function role(backend) {
    return backend.default ? "default" : backend.fallback ? "fallback" : "";
}

/** Where the organization's uploads go now, as the upload-target endpoint would decide. */
function uploadTarget(backends) {
    const byRole = (r) => backends.find((b) => b[r]);
    const main = byRole("default");
    const fallback = byRole("fallback");
    if (!main) {
        return { text: "blocked: no default backend", className: "target-blocked" };
    }
    if (main.validationStatus === "OK") {
        return { text: "default " + main.name, className: "target-default" };
    }
    if (fallback && fallback.validationStatus === "OK") {
        return { text: "fallback " + fallback.name, className: "target-fallback" };
    }
    return { text: "blocked: no valid backend", className: "target-blocked" };
}

function render(orgs, backendsByOrg, ticks) {
    $("org-count").textContent = "(" + orgs.length + ")";
    fill("orgs", orgs, (row, org) => {
        const backends = backendsByOrg.get(org.name);
        cell(row, org.name, "mono");
        if (backends) {
            const target = uploadTarget(backends);
            cell(row, target.text, target.className);
            cell(row, backends.length);
        } else {
            cell(row, "not loaded");
            cell(row, null);
        }
        cell(row, when(org.createdAt));
    }, "No organizations yet.");

    const backends = [];
    for (const [org, list] of backendsByOrg) {
        list.forEach((b) => backends.push({ org, b }));
    }
    $("backend-count").textContent = "(" + backends.length + ")";
    fill("backends", backends, (row, { org, b }) => {
        cell(row, org, "mono");
        cell(row, b.name, "mono");
        cell(row, b.provider);
        cell(row, b.location, "mono");
        cell(row, role(b));
        cell(row, b.validationStatus, "status-" + b.validationStatus);
        cell(row, when(b.validatedAt));
        // the kind first (denied, timeout...): it says whether the provider or the backend is at fault
        cell(row, b.validationFailure ? b.validationFailure + ": " + b.validationError : b.validationError);
    }, "No backends yet.");

    fill("ticks", ticks, (row, t) => {
        cell(row, t.scope);
        cell(row, t.instance, "mono");
        cell(row, when(t.startedAt));
        cell(row, t.finishedAt
            ? ((new Date(t.finishedAt) - new Date(t.startedAt)) / 1000).toFixed(1) + " s" : "running");
        cell(row, t.outcome || "running", "outcome-" + (t.outcome || "running"));
        cell(row, t.backendsChecked);
        cell(row, t.backendsFailed);
    }, "No ticks yet: the checker runs after its initial delay.");
}

async function refresh() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
        showLogin();
        return;
    }
    try {
        const [orgs, ticks] = await Promise.all([api("orgs", token), api("checker/ticks?limit=20", token)]);
        const shown = orgs.slice(0, MAX_ORGS_WITH_BACKENDS);
        const lists = await Promise.all(shown.map((o) => api("orgs/" + encodeURIComponent(o.name) + "/cas-backends", token)
            .catch((e) => (e.status === 404 ? [] : Promise.reject(e)))));
        const backendsByOrg = new Map(shown.map((o, i) => [o.name, lists[i]]));
        render(orgs, backendsByOrg, ticks);
        $("banner").hidden = orgs.length <= MAX_ORGS_WITH_BACKENDS;
        $("banner").textContent = "Backends are shown for the first " + MAX_ORGS_WITH_BACKENDS + " organizations.";
        $("refreshed").textContent = "refreshed " + new Date().toLocaleTimeString() + ", every " + REFRESH_MS / 1000 + " s";
    } catch (e) {
        if (e.status === 401 || e.status === 403) {
            logout("The admin token is no longer accepted (" + (e.code || e.status) + ").");
            return;
        }
        $("banner").hidden = false;
        $("banner").textContent = (e.status === 503
            ? "The database is unavailable (503 UNAVAILABLE); "
            : "Refresh failed: " + e.message + "; ") + "showing the last data loaded. Retrying every "
            + REFRESH_MS / 1000 + " s.";
    }
}

function showLogin(message) {
    $("dashboard").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("refreshed").textContent = "";
    $("login-error").hidden = !message;
    $("login-error").textContent = message || "";
    $("token").focus();
}

function showDashboard() {
    $("login").hidden = true;
    $("dashboard").hidden = false;
    $("logout").hidden = false;
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MS);
    return refresh();
}

function logout(message) {
    clearInterval(timer);
    timer = null;
    sessionStorage.removeItem(TOKEN_KEY);
    for (const id of ["orgs", "backends", "ticks"]) {
        $(id).tBodies[0].replaceChildren();
    }
    showLogin(message);
}

async function signIn(event) {
    event.preventDefault();
    const token = $("token").value.trim();
    try {
        await api("orgs", token);
    } catch (e) {
        const why = e.status === 401 ? "Unknown or revoked token."
            : e.status === 403 ? "This is not the admin token (organization tokens cannot use this page)."
            : e.status === 503 ? "The database is unavailable; try again shortly."
            : "Sign-in failed: " + e.message;
        showLogin(why);
        return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $("token").value = "";
    showDashboard();
}

document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", signIn);
    $("logout").addEventListener("click", () => logout());
    if (sessionStorage.getItem(TOKEN_KEY)) {
        showDashboard();
    } else {
        showLogin();
    }
});

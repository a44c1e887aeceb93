/**
 * The browser app's entry: builds the shared context (state, engine worker, worker pool),
 * draws the navigation and routes `#/screen?params` fragments to views (routes.ts; every
 * navigation starts at the top of the page). Finished runs are saved in IndexedDB
 * (run-archive.ts) and come back on reload. A `#share=...` fragment is a share link: it is decoded (friendly error if damaged), becomes the draft and runs at once,
 * and the page shows whether it reproduced the sender's digest.
 */
import { ENGINE_VERSION } from "../engine/index";
import { openShared, runDraft, SCHEMA_VERSION } from "./app/actions";
import { h, replaceChildren } from "./app/dom";
import type { AppContext } from "./app/runner";
import { AppStore } from "./app/store";
import { RunArchive } from "./app/run-archive";
import { STORES } from "./app/idb";
import { SavedList } from "./app/saved-list";
import { COMPARISONS_MAX, PLANS_MAX, type SavedComparison, type SavedPlan } from "./app/saved-views";
import { parseRoute } from "./app/routes";
import { CHART_CSS } from "./export";
import { RunClient } from "./worker/run-client";
import { builtinScenarios } from "./scenario-catalog";
import { decodeShareLink, isShareFragment } from "./share-link";
import { mountLessonsView } from "./lessons/lessons-view";
import { mountComparisonView } from "./views/compare-view";
import { mountEditorView } from "./views/editor-view";
import { mountGalleryView } from "./views/gallery-view";
import { mountPlannerView } from "./views/planner-view";
import { mountRunView } from "./views/run-view";
import { mountTopologyView } from "./views/topology-view";
import { WorkerPool } from "./worker/worker-pool";

type Mount = (container: HTMLElement, context: AppContext) => () => void;

const SCREENS: Array<{ route: string; label: string; mount: Mount }> = [
  { route: "gallery", label: "Gallery", mount: mountGalleryView },
  { route: "editor", label: "Editor", mount: mountEditorView },
  { route: "run", label: "Run", mount: mountRunView },
  { route: "topology", label: "Topology & timeline", mount: mountTopologyView },
  { route: "compare", label: "Compare", mount: mountComparisonView },
  { route: "planner", label: "Planner", mount: mountPlannerView },
  { route: "lessons", label: "Lessons", mount: mountLessonsView },
];

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const notice = document.getElementById("notice")!;
document.getElementById("engine-version")!.textContent = `engine ${ENGINE_VERSION}`;
document.head.append(h("style", {}, CHART_CSS.replace(/^svg \{[^}]*\}/m, "")));

const defaultScenario = builtinScenarios.find((e) => e.id === "black-friday") ?? builtinScenarios[0];
const store = new AppStore({ sourceId: defaultScenario?.id ?? null, text: defaultScenario?.text ?? "version: 1\n", seed: null });
void store.attachArchive(new RunArchive());
void store.attachKept({ comparisons: new SavedList<SavedComparison>(STORES.comparisons, COMPARISONS_MAX), plans: new SavedList<SavedPlan>(STORES.plans, PLANS_MAX) });
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
const context: AppContext = {
  store,
  client: new RunClient(),
  pool: new WorkerPool(),
  navigate: (route) => { if (location.hash !== route) location.hash = route; else route_(); },
  notify: (message) => {
    notice.textContent = message;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, 6000);
  },
};

replaceChildren(nav, SCREENS.map((s) => h("a", { href: `#/${s.route}`, "data-route": s.route }, s.label)));

let unmount: (() => void) | null = null;

/** Shows the screen named by the fragment (the gallery by default). */
function route_(): void {
  if (isShareFragment(location.hash)) return openShareLink();
  const name = parseRoute(location.hash).screen;
  const screen = SCREENS.find((s) => s.route === name) ?? SCREENS[0]!;
  unmount?.();
  main.replaceChildren();
  for (const link of Array.from(nav.querySelectorAll("a"))) {
    if (link.dataset.route === screen.route) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${screen.label} · clustersim`;
  unmount = screen.mount(main, context);
  main.dataset.screen = screen.route;
  window.scrollTo(0, 0);
}

/** Opens a `#share=` link: decode, make it the draft, run it; or explain what is wrong. */
function openShareLink(): void {
  const decoded = decodeShareLink(location.hash, { schemaVersion: SCHEMA_VERSION, engineVersion: ENGINE_VERSION });
  if (!decoded.ok) {
    unmount?.();
    unmount = null;
    main.dataset.screen = "share-error";
    replaceChildren(main, h("div", { class: "error-box share-error", role: "alert", "data-testid": "share-error" },
      h("h1", {}, "This share link cannot be opened"),
      h("p", {}, decoded.message),
      h("p", {}, "Your own scenarios are untouched. ", h("a", { href: "#/gallery" }, "Go to the gallery"), " or ", h("a", { href: "#/editor" }, "open the editor"), ".")));
    return;
  }
  const kept = openShared(context, decoded.shared);
  history.replaceState(null, "", "#/run");
  route_();
  for (const warning of decoded.warnings) context.notify(warning);
  if (kept) context.notify("Opened the shared scenario. Your previous draft is kept: the editor's \"Restore previous draft\" brings it back.");
  void runDraft(context);
}

window.addEventListener("hashchange", route_);
route_();

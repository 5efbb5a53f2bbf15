// Mirrors of the serialised types of oces-core (src-tauri/core/src/{flow,wizard,error}.rs).

export type FlowId = "start" | "cug" | "dms" | "stil";
export type StepKind =
  | "chooser"
  | "guide"
  | "find_file"
  | "unlock"
  | "place"
  | "backup"
  | "archive"
  | "load_certificate"
  | "install"
  | "gateway_id"
  | "credentials"
  | "connection_test"
  | "handover"
  | "support_case"
  | "done";

export type Cond = [string, string][];
export type ChoiceOption = { value: string; text: string };
export type BlockBody =
  | { type: "para"; text: string }
  | { type: "steps"; items: string[] }
  | { type: "note"; text: string; tone: "info" | "warning" }
  | { type: "check"; id: string; text: string; required: boolean }
  | { type: "choice"; id: string; label: string; options: ChoiceOption[]; required: boolean }
  | { type: "link"; url: string; label: string }
  | { type: "link_input"; id: string; label: string }
  | { type: "text_input"; id: string; label: string; check: string; required: boolean }
  | { type: "generated"; what: string; label: string }
  | { type: "rehearsal"; rules: { id: string; min?: number }[] }
  | { type: "rid_compare" }
  | { type: "copy"; label: string; value: string };
export type Block = BlockBody & { when?: Cond };

export type StepDef = {
  code: string;
  kind: StepKind;
  requires: string[];
  when?: Cond;
  blocks: Block[];
};
export type FlowDef = { id: FlowId; id_str: string; title: string; steps: StepDef[] };

export type Leads =
  { type: "flow"; to: FlowId } | { type: "question"; to: string } | { type: "unknown" };
export type Question = { id: string; text: string; answers: { text: string; leads: Leads }[] };

export type Answer = boolean | string;
export type StepStatus = "current" | "done" | "open" | "locked" | "not_needed";
export type WizardView = {
  flow: FlowId;
  current: string;
  steps: { code: string; status: StepStatus }[];
  answers: Record<string, Answer>;
  facts: Facts;
  missing: string[];
  visible: number[];
  step_number: [number, number];
  resumable: boolean;
  support_code: string;
};

export type UiError = { code: string; params: Record<string, string>; message: string };
export type Updated = { view: WizardView; warning: UiError | null };

export type Os = "windows" | "macos" | "linux";

export type Browser = { id: "firefox" | "chrome"; name: string };

export type Startup = {
  version: string;
  /** The OS the app runs on, from Rust (texts pick their `key@os` variant by it). */
  os: Os;
  language: "da" | "en";
  language_chosen: boolean;
  flows: FlowDef[];
  finder: Question[];
  /** Browsers DKMA's guide recommends that are installed (CUG-2). */
  browsers: Browser[];
  view: WizardView;
  set_aside: string[];
  /** The saved progress is from a newer version of the app: left alone, not saved over. */
  progress_newer: boolean;
};

export type Finding = { level: "error" | "warning" | "info"; code: string; message: string };
export type Inspection = {
  file: { format: "pkcs12" | "pem" | "der" | "cug-html"; friendly_name: string | null };
  contains: { private_key: boolean; certificates: number };
  certificate: {
    subject: string;
    issuer: string;
    common_name: string | null;
    organisation: string | null;
    issuer_common_name: string | null;
    serial: string;
    not_before: string;
    not_after: string;
    sha256_fingerprint: string;
    key: string;
    signature_algorithm: string;
    policies: string[];
    self_signed: boolean;
  };
  chain: { subject: string; issuer: string; not_after: string }[];
  oces: {
    generation: "oces2" | "oces3" | "none";
    environment: "production" | "test" | "unknown";
    kind: "employee" | "organisation" | "system" | "personal" | null;
    cvr: string | null;
    cvr_valid: boolean | null;
    id_type: string | null;
    id: string | null;
    gateway_user: string | null;
  };
  pkcs12: {
    mac: string | null;
    mac_iterations: number | null;
    certificates: string | null;
    key: string | null;
    legacy: boolean;
    old_windows_can_import: boolean;
  } | null;
  findings: Finding[];
  verified: boolean;
  trust: Trust;
  before_password: boolean;
  expiry: { days_left: number; receivers: ("ufst_portal" | "stil" | "dkma")[] };
};

/** The revocation check (`cert::revocation::Revocation`). */
export type Revocation =
  | { status: "revoked"; at: string; source: "ocsp" | "crl"; checked_at: string }
  | { status: "good"; source: "ocsp" | "crl"; checked_at: string }
  | {
      status: "unknown";
      reason:
        "no_connection" | "no_url" | "not_verified" | "bad_answer" | "unknown_to_ca" | "cancelled";
    };

/** The chain check against the bundled OCES CAs (`cert::trust::Trust`). */
export type Trust = {
  status: "verified" | "not_recognised" | "broken";
  anchor: string | null;
  environment: "production" | "test" | null;
  generation: "oces2" | "oces3" | null;
  organisation: string | null;
  pki: string | null;
  path: string[];
  expired_ca: string[];
};

export type CertFacts = {
  common_name: string | null;
  organisation: string | null;
  issuer: string | null;
  not_after: string;
  fingerprint: string;
  generation: string;
  environment: string;
  kind: string | null;
  cvr: string | null;
  id_type: string | null;
  id: string | null;
  gateway_user: string | null;
  private_key: boolean;
  subject?: string;
  issuer_name?: string;
  serial?: string;
  not_before?: string;
  findings?: { level: string; code: string }[];
};
export type Screen = { code: string; applies: boolean; visible: number[] };
export type ErrorRecord = { code: string; flow: string; step: string; at: string };
export type Facts = {
  file: string | null;
  certificate: CertFacts | null;
  placed: string | null;
  backup: string | null;
  archived: { folder: string; moved: [string, string][] } | null;
  connection?: ConnectionFacts | null;
  installed?: { fingerprint: string; results: StoreResult[]; at: string } | null;
  credentials?: string | null;
  /** A CUG page the reader could not read: the flow goes on with the file as it is. */
  unreadable?: { sha256: string; observation: { size: number; markers: string[] } } | null;
};
export type StoreOutcome =
  "installed" | "already_there" | "removed" | "not_there" | "failed" | "needs_admin";
export type StoreResult = {
  store: string;
  kind: string;
  outcome: StoreOutcome;
  code: string | null;
  detail: string | null;
  admin_command: string | null;
};
export type ProbeStage = "lookup" | "connect" | "proxy" | "tls" | "client_cert" | "http";
export type StageResult = {
  stage: ProbeStage;
  ok: boolean;
  code: string;
  ms: number;
  detail?: string;
};
export type ProbeEvent =
  { event: "started"; stage: ProbeStage } | ({ event: "finished" } & StageResult);
export type ProbeReport = {
  target: string;
  proxy: string | null;
  stages: StageResult[];
  ok: boolean;
  server: { subject: string; issuer: string; not_after: string } | null;
  client: string | null;
  openssl: string;
};
export type ConnectionFacts = {
  target: string;
  proxy: string | null;
  ok: boolean;
  stages: StageResult[];
  at: string;
};
export type Found = {
  path: string;
  name: string;
  folder: "downloads" | "desktop" | "documents" | "oces";
  modified: number;
  size: number;
  holds: "pkcs12" | "certificate" | "cug-html";
  certificate: FoundPreview | null;
};
/** Which certificate a found file holds, read before the password (`files::find::Preview`). */
export type FoundPreview = {
  common_name: string | null;
  organisation: string | null;
  cvr: string | null;
  id: string | null;
  kind: "employee" | "organisation" | "system" | "personal" | null;
  generation: "oces2" | "oces3" | "none";
  environment: "production" | "test" | "unknown";
  trust: "verified" | "not_recognised" | "broken";
  not_after: string;
  before_password: boolean;
};
export type StepResult<T> = { result: T; shown: string | null; updated: Updated };
export type Unlocked = { inspection: Inspection; flow_findings: Finding[] };
export type PlacedOutcome =
  | { outcome: "placed"; path: string; sha256: string; source_removed: boolean }
  | { outcome: "already_in_place"; path: string; sha256: string };
export type BackupResult = {
  placed: PlacedOutcome;
  opened_with_password: boolean;
  verified_by_hash?: boolean;
};
export type OcesEntry = {
  path: string;
  name: string;
  holder: string | null;
  not_after: string | null;
  expired: boolean;
  replaced: boolean;
  current: boolean;
  protected: boolean;
  rid: string | null;
};

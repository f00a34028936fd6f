"""Django settings for Concord.

Every value comes from the environment through the typed helpers in ``env.py``; each
variable is documented in docs/configuration.md. CONCORD_ENVIRONMENT picks the posture:
``production`` (the default) is locked down, ``development`` serves plain HTTP on loopback
for ``make run``, ``test`` is what the test suite uses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF

from concord.cases.hours import parse_office_hours
from concord.config.env import env_bool, env_choice, env_int, env_list, env_str
from concord.domain.quorum import parse_fraction
from concord.outcomes.stages import parse_follow_up_months

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

ENVIRONMENT = env_choice("CONCORD_ENVIRONMENT", ("production", "development", "test"), "production")
IS_PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(env_str("CONCORD_DATA_DIR", str(BASE_DIR / "var")))

if IS_PRODUCTION:
    SECRET_KEY = env_str("CONCORD_SECRET_KEY")
else:
    SECRET_KEY = env_str(
        "CONCORD_SECRET_KEY", "concord-development-only-key-never-use-in-production-0123456789"
    )
DEBUG = env_bool("CONCORD_DEBUG", False)
if IS_PRODUCTION and DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CONCORD_DEBUG must be false when CONCORD_ENVIRONMENT=production")

ALLOWED_HOSTS = env_list(
    "CONCORD_ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CONCORD_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "concord.core.apps.ConcordAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "django_ratelimit",
    "concord.core",
    "concord.accounts",
    "concord.people",
    "concord.dataprotection",
    "concord.cases",
    "concord.referrals",
    "concord.helpline",
    "concord.outcomes",
    "concord.voice",
    "concord.synthetic",
    "concord.accommodation",
    "concord.training",
    "concord.programmes",
    "concord.reporting",
    "concord.indicators",
    "concord.marac",
    "concord.risk",
    "concord.commissioning",
    "concord.part4",
    "concord.strategy",
    "concord.board",
    "concord.dhr",
    "concord.submissions",
    "concord.linkage",
    "concord.oversight",
    "concord.inbox",
    "concord.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "concord.core.middleware.RequestIdMiddleware",
    "concord.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "concord.core.middleware.IdleTimeoutMiddleware",
    "concord.core.middleware.SentFormDraftMiddleware",
    "concord.accounts.middleware.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "concord.config.urls"
WSGI_APPLICATION = "concord.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "concord.config.jinja2_env.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "concord.core.context_processors.page",
                "concord.core.context_processors.navigation",
                "concord.core.context_processors.background_work",
                "concord.core.context_processors.alerts",
                "concord.core.context_processors.idle_timeout",
            ],
        },
    },
    {
        # Django's own admin pages only (system administrators).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'concord.sqlite3'}"),
        # Reused connections are checked before each request's first query, so a connection
        # the database dropped (a restart, pg_terminate_backend) is replaced, not a 500.
        conn_max_age=env_int("CONCORD_DB_CONN_MAX_AGE", 60 if IS_PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, so the audit chain never forks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Background tasks (imports, partner agencies' files, linkage runs) wait in the database for
# the worker that `manage.py worker` runs beside the web server. Imports and submissions
# commit a chunk of rows at a time, each with its progress, so no transaction holds the
# database for long and the pages read progress from the database; an import or submission
# whose worker stopped (no chunk for the stale time) is resumed where it stopped, a few
# times at most (concord.core.resumable).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # When the worker last reported (concord.core.heartbeat), for every process to read.
    "heartbeat": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "heartbeat",
    },
}
IMPORT_CHUNK_ROWS = env_int("CONCORD_IMPORT_CHUNK_ROWS", 200, minimum=1)
IMPORT_CHUNK_MILLISECONDS = env_int("CONCORD_IMPORT_CHUNK_MILLISECONDS", 100, minimum=1)
# Figures kept for a closed period may leave out what an import wrote in the last this many
# seconds, so that pages of figures are not computed afresh after each of its chunks
# (concord.indicators.signals); when the import stops they count everything again.
FIGURES_LOAD_LAG_SECONDS = env_int("CONCORD_FIGURES_LOAD_LAG_SECONDS", 30, minimum=0)
SUBMISSION_CHUNK_ROWS = env_int("CONCORD_SUBMISSION_CHUNK_ROWS", 500, minimum=1)
# The Part 4 return's completeness check lists stays still open after this many days
# (concord.part4.figures.completeness): a household may have left without it being recorded.
PART4_LONG_STAY_DAYS = env_int("CONCORD_PART4_LONG_STAY_DAYS", 365, minimum=1)
# Retention (UK GDPR storage limitation): a person's records are listed for a service
# manager's review once every rule is past: cases this many years after they ended, MARAC
# referrals this many years after they were made (concord.dataprotection).
RETENTION_CASE_YEARS = env_int("CONCORD_RETENTION_CASE_YEARS", 6, minimum=1)
RETENTION_MARAC_YEARS = env_int("CONCORD_RETENTION_MARAC_YEARS", 6, minimum=1)
RETENTION_CHUNK_PEOPLE = env_int("CONCORD_RETENTION_CHUNK_PEOPLE", 50, minimum=1)
# Complaints (concord.voice, ADR 0034): the stages a complaint may go through, in order; the
# days to acknowledge one (calendar days, any stage); the days to respond at each stage (one
# number for every stage, or one per stage; 0 means no target of ours, e.g. the Ombudsman's).
COMPLAINT_STAGES = env_list(
    "CONCORD_COMPLAINT_STAGES", ["Stage 1 (service)", "Stage 2 (review)", "Ombudsman"]
)
COMPLAINT_ACKNOWLEDGE_DAYS = env_int("CONCORD_COMPLAINT_ACKNOWLEDGE_DAYS", 3, minimum=1)
_response_days = env_list("CONCORD_COMPLAINT_RESPONSE_DAYS", ["20", "20", "0"])
if len(_response_days) not in (1, len(COMPLAINT_STAGES)) or not all(
    day.isdigit() for day in _response_days
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONCORD_COMPLAINT_RESPONSE_DAYS must be one whole number of days, or one for each "
        "of the CONCORD_COMPLAINT_STAGES, separated by commas"
    )
COMPLAINT_RESPONSE_DAYS = [int(day) for day in _response_days] * (
    len(COMPLAINT_STAGES) if len(_response_days) == 1 else 1
)
IMPORT_STALE_MINUTES = env_int("CONCORD_IMPORT_STALE_MINUTES", 5, minimum=1)
IMPORT_RESUME_ATTEMPTS = env_int("CONCORD_IMPORT_RESUME_ATTEMPTS", 3, minimum=0)
# The worker is stale, and service managers and administrators are told so on every page,
# when it has not reported for this long; /healthz also fails then, or when the oldest audit
# event still waiting to be sealed into the chain is older than the backlog limit.
# The worker runs at this lower CPU priority (added to its niceness; 0 leaves it as the web
# server's), so background work takes the cores the pages leave free.
WORKER_NICENESS = env_int("CONCORD_WORKER_NICENESS", 10, minimum=0)
WORKER_STALE_AFTER = timedelta(minutes=env_int("CONCORD_WORKER_STALE_MINUTES", 3, minimum=1))
AUDIT_BACKLOG_LIMIT = timedelta(minutes=env_int("CONCORD_AUDIT_BACKLOG_MINUTES", 15, minimum=1))
# Break-glass (concord.oversight): a worker may open a record of another agency for a
# safeguarding reason, for this many minutes, and that agency's managers are alerted at
# once. Off unless the partnership's information-sharing agreement allows it.
BREAK_GLASS_ALLOWED = env_bool("CONCORD_BREAK_GLASS_ALLOWED", False)
BREAK_GLASS_MINUTES = env_int("CONCORD_BREAK_GLASS_MINUTES", 60, minimum=1)
# A load balancer asks /healthz over plain HTTP, behind the TLS it terminates.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# What request.scope is: every app's scope class joined in one (ADR 0011).
SCOPE_CLASS = "concord.config.scope.Scope"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("CONCORD_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("CONCORD_SET_PASSWORD_LINK_HOURS", 72, minimum=1) * 3600
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Sessions end after a short idle time (devices are shared in refuges and offices). The
# middleware enforces it and tells the user why; the session itself lives for a working day
# so that the middleware still finds it, and can explain, when someone comes back.
# A request writes nothing to the database but its audit events: sessions live in files
# under CONCORD_DATA_DIR/sessions that every web worker of the machine shares
# (concord.core.sessions); the idle-timeout middleware marks the session changed on each
# request the user makes, which saves it, and signing out deletes it.
IDLE_TIMEOUT = timedelta(minutes=env_int("CONCORD_IDLE_TIMEOUT_MINUTES", 15, minimum=1))
# The page warns this long before the idle sign-out and offers to stay signed in (the
# GOV.UK timeout warning); what someone was typing is kept as a draft for this many days.
IDLE_WARNING = timedelta(minutes=env_int("CONCORD_IDLE_WARNING_MINUTES", 2, minimum=1))
if IDLE_WARNING >= IDLE_TIMEOUT:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONCORD_IDLE_WARNING_MINUTES must be less than CONCORD_IDLE_TIMEOUT_MINUTES"
    )
DRAFT_KEEP = timedelta(days=env_int("CONCORD_DRAFT_KEEP_DAYS", 7, minimum=1))
SESSION_COOKIE_AGE = int(max(IDLE_TIMEOUT, timedelta(hours=12)).total_seconds())
SESSION_ENGINE = "concord.core.sessions"
SESSION_CACHE_ALIAS = "sessions"
CACHES["sessions"] = {
    "BACKEND": "concord.core.sessions.SessionFileCache",
    "LOCATION": DATA_DIR / "sessions",
}
# What the public forms' rate limits count (django-ratelimit), shared by the server's
# processes through locked files (concord.core.caches); the library's warning that it does not
# know this backend is silenced below.
CACHES["ratelimit"] = {
    "BACKEND": "concord.core.caches.LockedFileCache",
    "LOCATION": DATA_DIR / "ratelimit",
}
RATELIMIT_USE_CACHE = "ratelimit"
# Where "Exit this page" on the public forms goes (DOMAIN §17): a neutral site.
EXIT_PAGE_URL = env_str("CONCORD_EXIT_PAGE_URL", "https://www.bbc.co.uk/weather")
# The public self-referral form (concord.inbox): posts allowed per client address, like
# "10/h"; the request header that carries the client's address behind a proxy (empty: the
# connection's own address); and the hours a worker has to make first contact.
PUBLIC_FORM_RATE = env_str("CONCORD_PUBLIC_FORM_RATE", "10/h")
CLIENT_ADDRESS_HEADER = env_str("CONCORD_CLIENT_ADDRESS_HEADER", "")
ONLINE_REFERRAL_CONTACT_HOURS = env_int("CONCORD_ONLINE_REFERRAL_CONTACT_HOURS", 24, minimum=1)
if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", PUBLIC_FORM_RATE):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONCORD_PUBLIC_FORM_RATE must be a number of posts per period, such as 10/h or 3/m"
    )
# Every form a signed-in user sends carries a one-time token, so that sending it again (a
# retry after a lost answer, a double click) repeats the first answer instead of the work
# (concord.core.form_submissions). The middleware runs the view itself, so it comes last.
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "concord.core.form_submissions.form_inputs"
)
MIDDLEWARE.append("concord.core.form_submissions.FormSubmissionMiddleware")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "concord.core.views.csrf_failure"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_SSL_REDIRECT = env_bool("CONCORD_SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_HSTS_SECONDS = env_int("CONCORD_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
# Off by default: a council's domain is often shared with other services, and neither
# setting can be undone quickly once browsers have seen it (docs/configuration.md).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CONCORD_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("CONCORD_HSTS_PRELOAD", False)
# Django's deployment checks warn of both being off; here that is the decision above.
SILENCED_HSTS_CHECKS = [
    check
    for check, chosen in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    )
    if not chosen
]
if env_bool("CONCORD_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of Concord uses, refused to every page and anything it loads
# (concord.core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Lockout after repeated failures per email address, whether or not it has an account.
# Not per client address: an office or refuge shares one public address, and one person's
# typing would lock out everyone there. MFA stands between a guessed password and the data.
AXES_FAILURE_LIMIT = env_int("CONCORD_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CONCORD_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "concord.accounts.views.locked_out"
AXES_VERBOSE = False  # axes would log email addresses
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# axes: lockout by email only; django-ratelimit: see CACHES["ratelimit"].
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.W001", *SILENCED_HSTS_CHECKS]

OTP_TOTP_ISSUER = env_str("CONCORD_MFA_ISSUER", "Concord")

# Demo accounts share a published password and print their own codes: never in production.
# concord.demo.checks refuses the pair again in `check --deploy`, for settings made another way.
DEMO_ACCOUNTS_ENABLED = env_bool("CONCORD_DEMO_ACCOUNTS", False)
if IS_PRODUCTION and DEMO_ACCOUNTS_ENABLED:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONCORD_DEMO_ACCOUNTS must be false when CONCORD_ENVIRONMENT=production: demo "
        "accounts share a published password"
    )

# Office hours decide which contacts are "out of hours" (DOMAIN §2); bank holidays in
# England come from the holidays library, and local closure days can be added.
OFFICE_HOURS = env_str("CONCORD_OFFICE_HOURS", "Mon-Fri 09:00-17:00")
EXTRA_HOLIDAYS = env_list("CONCORD_EXTRA_HOLIDAYS")
try:
    parse_office_hours(OFFICE_HOURS)
    EXTRA_HOLIDAY_DATES = [date.fromisoformat(day) for day in EXTRA_HOLIDAYS]
except ValueError as error:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"CONCORD_OFFICE_HOURS or CONCORD_EXTRA_HOLIDAYS is not valid: {error}"
    ) from None

# The Local Partnership Board is quorate when its voting members present (deputies count)
# reach this fraction of those in term, rounded up, and never fewer than the minimum
# (concord.domain.quorum; the board's standing orders may say otherwise).
BOARD_QUORUM_MINIMUM = env_int("CONCORD_BOARD_QUORUM_MINIMUM", 3, minimum=1)
try:
    BOARD_QUORUM_FRACTION = parse_fraction(env_str("CONCORD_BOARD_QUORUM_FRACTION", "1/3"))
except ValueError as error:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"CONCORD_BOARD_QUORUM_FRACTION {error}") from None

# Risk levels from a checklist's score (DOMAIN §3): standard below medium, high from high.
# Potential escalation, a MARAC criterion: enough incidents within the window of days.
RISK_MEDIUM_FROM = env_int("CONCORD_RISK_MEDIUM_FROM", 10, minimum=1)
RISK_HIGH_FROM = env_int("CONCORD_RISK_HIGH_FROM", 14, minimum=2)
if RISK_HIGH_FROM <= RISK_MEDIUM_FROM:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CONCORD_RISK_HIGH_FROM must be above CONCORD_RISK_MEDIUM_FROM")
RISK_ESCALATION_INCIDENTS = env_int("CONCORD_RISK_ESCALATION_INCIDENTS", 3, minimum=1)
RISK_ESCALATION_WINDOW_DAYS = env_int("CONCORD_RISK_ESCALATION_WINDOW_DAYS", 365, minimum=1)
RISK_ESCALATION_POLICE_ONLY = env_bool("CONCORD_RISK_ESCALATION_POLICE_ONLY", False)

# Which MARAC referrals are repeats (DOMAIN §4; concord.marac.repeats): SafeLives' current
# definition, or the older one that counts only behaviour that would be a crime.
MARAC_REPEAT_DEFINITION = env_choice(
    "CONCORD_MARAC_REPEAT_DEFINITION", ("current", "criminal_only"), "current"
)
# A MARAC referral's target date for being heard: this many days after it was made
# (concord.marac.measures); until then it is waiting, not "not heard".
MARAC_HEARING_TARGET_DAYS = env_int("CONCORD_MARAC_HEARING_TARGET_DAYS", 28, minimum=1)

# Tasks set by rules (concord.cases.task_rules and the apps that register rules): which
# rules run, and their periods. The worker runs them every few minutes, a chunk at a time.
TASK_RULES = env_list(
    "CONCORD_TASK_RULES",
    (
        "safety_plan_review",
        "dash_reassessment",
        "dash_after_incident",
        "marac_action",
        "referral_waiting",
        "outcome_follow_up",
    ),
)
TASK_DASH_REASSESS_WEEKS = env_int("CONCORD_TASK_DASH_REASSESS_WEEKS", 12, minimum=1)
TASK_DASH_AFTER_INCIDENT_DAYS = env_int("CONCORD_TASK_DASH_AFTER_INCIDENT_DAYS", 7, minimum=0)
TASK_REFERRAL_WAITING_DAYS = env_int("CONCORD_TASK_REFERRAL_WAITING_DAYS", 5, minimum=1)
# Outcome measures (issue 18): how long a questionnaire link works, and the months after a
# case closed when the follow-up questions are due (only when the person agreed at exit).
QUESTIONNAIRE_LINK_DAYS = env_int("CONCORD_QUESTIONNAIRE_LINK_DAYS", 14, minimum=1)
FOLLOW_UP_MONTHS = parse_follow_up_months(env_list("CONCORD_FOLLOW_UP_MONTHS", ("3", "6")))
TASK_RULES_CHUNK = env_int("CONCORD_TASK_RULES_CHUNK", 200, minimum=1)
# The home page of a service manager lists open cases without a contact for this many days.
NO_CONTACT_DAYS = env_int("CONCORD_NO_CONTACT_DAYS", 28, minimum=1)

# Disclosure control of figures that leave a service (DOMAIN §11; concord.reporting).
DISCLOSURE_THRESHOLD = env_int("CONCORD_DISCLOSURE_THRESHOLD", 5, minimum=2)
DISCLOSURE_SENSITIVE_THRESHOLD = env_int("CONCORD_DISCLOSURE_SENSITIVE_THRESHOLD", 10, minimum=2)
if DISCLOSURE_SENSITIVE_THRESHOLD < DISCLOSURE_THRESHOLD:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONCORD_DISCLOSURE_SENSITIVE_THRESHOLD must not be below CONCORD_DISCLOSURE_THRESHOLD"
    )
DISCLOSURE_ROUND_TO_FIVE = env_bool("CONCORD_DISCLOSURE_ROUND_TO_FIVE", False)

# The partnership's name, as report packs are titled (concord.reporting).
PARTNERSHIP_NAME = env_str("CONCORD_PARTNERSHIP_NAME", "The domestic abuse partnership")
# Where people send accessibility problems and requests (the accessibility statement).
ACCESSIBILITY_CONTACT = env_str("CONCORD_ACCESSIBILITY_CONTACT", "")

# The area population the partnership data report compares with (concord.reporting.population).
POPULATION_FILE = Path(
    env_str(
        "CONCORD_POPULATION_FILE",
        str(BASE_DIR / "concord" / "reporting" / "data" / "population-example.csv"),
    )
)

# The largest evidence file a provider may attach to a quarterly return (concord.commissioning).
COMMISSIONING_EVIDENCE_MAX_BYTES = env_int("CONCORD_EVIDENCE_MAX_MB", 10, minimum=1) * 1024 * 1024

# Documents on a case (concord.cases.documents): the largest a worker may upload, and where
# they are kept, under CONCORD_DATA_DIR (so backups cover them), outside the web root.
DOCUMENT_MAX_BYTES = env_int("CONCORD_DOCUMENT_MAX_MB", 10, minimum=1) * 1024 * 1024
DOCUMENTS_DIR = DATA_DIR / "documents"

# Uploaded files (concord.core.uploads), checked before they are parsed so that none can
# exhaust the worker's memory. Sizes fit a real quarterly return with room to spare: a
# police force's incidents for a quarter are tens of thousands of rows of about thirty
# columns; 200,000 rows of 40 columns are about 80 MB as CSV, and unpack from XLSX to about
# 250 MB of XML. Ordinary workbooks compress 5 to 30 times; a "zip bomb" thousands of times.
# Case-import files are read whole into memory and kept in the database until imported, so
# they are smaller than partner agencies' submissions, which are read a row at a time.
UPLOAD_SUBMISSION_MAX_MB = env_int("CONCORD_UPLOAD_SUBMISSION_MAX_MB", 100, minimum=1)
UPLOAD_IMPORT_MAX_MB = env_int("CONCORD_UPLOAD_IMPORT_MAX_MB", 20, minimum=1)
UPLOAD_MAX_ROWS = env_int("CONCORD_UPLOAD_MAX_ROWS", 200_000, minimum=1)
UPLOAD_MAX_COLUMNS = env_int("CONCORD_UPLOAD_MAX_COLUMNS", 100, minimum=1)
UPLOAD_MAX_UNZIPPED_MB = env_int("CONCORD_UPLOAD_MAX_UNZIPPED_MB", 400, minimum=1)
UPLOAD_MAX_COMPRESSION_RATIO = env_int("CONCORD_UPLOAD_MAX_COMPRESSION_RATIO", 100, minimum=2)
UPLOAD_MAX_LINE_CHARACTERS = env_int("CONCORD_UPLOAD_MAX_LINE_CHARACTERS", 65_536, minimum=1024)

# The identity vault (concord.submissions.vault) seals the identifiers partner agencies send
# with these Fernet keys, newest first: put a new key in front, and older ones still open
# what they sealed. Production must set them; elsewhere a fixed development-only key serves.
DEVELOPMENT_VAULT_KEY = "Y29uY29yZC1kZXZlbG9wbWVudC12YXVsdC1rZXktMDA="
if IS_PRODUCTION:
    VAULT_KEYS = env_list("CONCORD_VAULT_KEYS")
    if not VAULT_KEYS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("CONCORD_VAULT_KEYS must be set")
else:
    VAULT_KEYS = env_list("CONCORD_VAULT_KEYS", [DEVELOPMENT_VAULT_KEY])
# The audit trail (concord.core.audit, ADR 0007) is sealed with these HMAC keys, newest
# first: the first seals, every one still verifies what it sealed, so a new key in front
# rotates. Keep them apart from the database and its backups. Production must set them;
# elsewhere a fixed development-only key serves.
DEVELOPMENT_AUDIT_KEY = "concord-development-only-audit-key-never-use-in-production"
if IS_PRODUCTION:
    AUDIT_KEYS = env_list("CONCORD_AUDIT_KEYS")
    if not AUDIT_KEYS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("CONCORD_AUDIT_KEYS must be set")
else:
    AUDIT_KEYS = env_list("CONCORD_AUDIT_KEYS", [DEVELOPMENT_AUDIT_KEY])
if any(len(key) < 32 for key in AUDIT_KEYS):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Each of CONCORD_AUDIT_KEYS must be at least 32 characters")
# A client address sending more bad API tokens than this in a minute is answered 429.
API_REJECTED_TOKENS_PER_MINUTE = env_int("CONCORD_API_REJECTED_TOKENS_PER_MINUTE", 30, minimum=1)
# Partner agencies' files are due this many days after the quarter they cover ends.
SUBMISSION_DUE_DAYS = env_int("CONCORD_SUBMISSION_DUE_DAYS", 30, minimum=0)

# Where record linkage runs (concord.linkage.engine): DuckDB in process, or Spark.
CONCORD_LINKAGE_BACKEND = env_choice("CONCORD_LINKAGE_BACKEND", ("duckdb", "spark"), "duckdb")
# Automatic links each run sends to the review queue to be checked, so that the calibration
# page can estimate precision above the threshold (concord.linkage.calibration).
CONCORD_LINKAGE_CHECK_SAMPLE = env_int("CONCORD_LINKAGE_CHECK_SAMPLE", 20, minimum=0)
# The precision (per cent) whose 95% lower bound the calibration page's suggested threshold
# must reach.
CONCORD_LINKAGE_PRECISION_TARGET_PERCENT = env_int(
    "CONCORD_LINKAGE_PRECISION_TARGET_PERCENT", 95, minimum=50
)
# Reviewers' decisions the calibration curve needs before it is called reliable.
CONCORD_LINKAGE_MINIMUM_DECISIONS = env_int("CONCORD_LINKAGE_MINIMUM_DECISIONS", 30, minimum=1)
# Whether a record lacking a birth year or a given name is linked automatically only on the
# person's own evidence, the same mobile number or a known-as name (concord.linkage.households):
# it could be a mother's or the daughter's named after her.
CONCORD_LINKAGE_REQUIRE_EVIDENCE = env_bool("CONCORD_LINKAGE_REQUIRE_EVIDENCE", True)
# Placeholder values taken as missing by linkage (concord.linkage.placeholders): these lists,
# when set, replace the defaults.
CONCORD_LINKAGE_PLACEHOLDERS = {
    name: values
    for name, values in (
        ("dobs", env_list("CONCORD_LINKAGE_PLACEHOLDER_DOBS")),
        ("names", env_list("CONCORD_LINKAGE_PLACEHOLDER_NAMES")),
    )
    if values
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = DATA_DIR / "static"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("", _NODE / "govuk-frontend/dist/govuk/assets"),
    ("images", _NODE / "@ministryofjustice/frontend/moj/assets/images"),
    ("govuk", _NODE / "govuk-frontend/dist/govuk"),
    ("moj", _NODE / "@ministryofjustice/frontend/moj"),
    ("htmx", _NODE / "htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; the test suite serves from finders.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if ENVIRONMENT == "test"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Application logs carry request ids and event names, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("CONCORD_LOG_LEVEL", "INFO")},
    "loggers": {"django.security.DisallowedHost": {"level": "ERROR"}},
}

# The API's lists page by limit and offset, each bounded (a number past a bound is a 422).
NINJA_PAGINATION_CLASS = "concord.core.api_errors.Pages"

# Professionals' online referral (concord.inbox.professional): how many files a referrer may
# attach (each checked as a case document is), and where they are kept, under
# CONCORD_DATA_DIR, until a worker accepts the referral and they become case documents.
REFERRAL_ATTACHMENTS = env_int("CONCORD_REFERRAL_ATTACHMENTS", 3, minimum=0)
REFERRAL_FILES_DIR = DATA_DIR / "referral-files"

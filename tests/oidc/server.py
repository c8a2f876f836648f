"""Start the loopback OpenID providers (tests/oidc/provider.mjs) and drive them like a browser.

The providers are real oidc-provider 8.x servers. A test signs in the way a person does: our
sign-in button (Django test client), the provider's pages (an HTTP session with its own
cookies), back to our callback with what the provider put in the redirect.
"""

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
OUR_ORIGIN = "http://testserver"
# Node starts in about a second; a machine loaded by a parallel run may take much longer.
STARTUP_TIMEOUT = 60


def browser_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # loopback only, never through a proxy
    return session


@dataclass
class ProviderServer:
    profile: str
    issuer: str
    client_id: str
    client_secret: str
    process: subprocess.Popen
    hs256_client_id: str = ""

    def _post(self, path: str, payload: dict | None = None) -> dict:
        response = browser_session().post(f"{self.issuer}{path}", json=payload or {}, timeout=5)
        response.raise_for_status()
        return response.json()

    def tamper(self, target: str, *, claims=None, header=None, sign=None) -> None:
        """Make the provider re-sign the next ID token or userinfo like an attacker would."""
        self._post(
            "/test/tamper", {"target": target, "claims": claims, "header": header, "sign": sign}
        )

    def rotate(self) -> str:
        return self._post("/test/rotate")["kid"]

    def reset(self) -> None:
        self._post("/test/reset")

    def stats(self) -> dict:
        return browser_session().get(f"{self.issuer}/test/stats", timeout=5).json()

    def settings(self, **overrides) -> dict:
        return {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            **overrides,
        }

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_provider(
    profile: str, log_path: Path, *, our_origin: str = OUR_ORIGIN, test_endpoints: bool = True
) -> ProviderServer:
    """Start a provider on a port the system gives it (never one chosen here and bound later,
    which a parallel worker may take in between); wait until it says where it listens."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to run the test OpenID providers.")
    client_id = f"territoires-{profile}"
    client_secret = f"{profile}-secret-" + "x" * 40
    hs256_client_id = f"territoires-{profile}-hs256" if profile == "proconnect" else ""
    command = [
        node,
        str(SCRIPT),
        "--profile",
        profile,
        "--port",
        "0",
        "--client-id",
        client_id,
        "--client-secret",
        client_secret,
        "--redirect-uri",
        f"{our_origin}/compte/connexion/{profile}/retour/",
        "--post-logout-redirect-uri",
        f"{our_origin}/compte/deconnexion/retour/",
    ]
    if test_endpoints:
        command.append("--test-endpoints")
    if hs256_client_id:
        command += ["--hs256-client-id", hs256_client_id]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
    issuer = _ready_issuer(process, log_path, profile)
    return ProviderServer(profile, issuer, client_id, client_secret, process, hs256_client_id)


def _ready_issuer(process: subprocess.Popen, log_path: Path, profile: str) -> str:
    """The issuer of the provider's ready line, once it has printed it."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            if line.startswith('{"ready":true'):
                return json.loads(line)["issuer"]
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"The {profile} test provider did not start:\n{log_path.read_text()}")


def go_through_provider(
    authorization_url: str,
    login: str | None,
    *,
    action: str = "login",
    browser: requests.Session | None = None,
) -> str:
    """Play the user at the provider: follow redirects, pick the test account (or cancel).

    Returns the URL the provider sends the browser back to (our callback). A ``browser`` keeps
    the provider's cookies from one step to the next, as a real browser does.
    """
    browser = browser or browser_session()
    url = authorization_url
    for _ in range(20):
        if url.startswith(OUR_ORIGIN):
            return url
        response = browser.get(url, allow_redirects=False, timeout=5)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text
        assert "/interaction/" in url, response.text
        response = browser.post(
            url, data={"login": login or "", "action": action}, allow_redirects=False, timeout=5
        )
        assert response.is_redirect, response.text
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects at the provider")


def sign_out_at_provider(
    end_session_url: str,
    *,
    stay_signed_in: bool = False,
    browser: requests.Session | None = None,
) -> str:
    """Answer the provider's sign-out page: « Se déconnecter », or « Rester connecté » with
    ``stay_signed_in`` (a ``browser`` signed in there, which sees the question; without one
    the provider signs out without asking); return where it sends the browser back."""
    browser = browser or browser_session()
    response = browser.get(end_session_url, allow_redirects=False, timeout=5)
    assert response.status_code == 200, response.text
    # The provider's confirmation form: hidden xsrf field; « Se déconnecter » adds
    # "logout=yes", « Rester connecté » sends the form without it.
    page = response.text
    action = page.split('action="', 1)[1].split('"', 1)[0]
    xsrf = page.split('name="xsrf" value="', 1)[1].split('"', 1)[0]
    response = browser.post(
        urljoin(end_session_url, action),
        data={"xsrf": xsrf} if stay_signed_in else {"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=5,
    )
    assert response.is_redirect, response.text
    url = urljoin(end_session_url, response.headers["Location"])
    for _ in range(5):
        if url.startswith(OUR_ORIGIN):
            return url
        response = browser.get(url, allow_redirects=False, timeout=5)
        assert response.is_redirect, response.text
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider did not send the browser back")


def provider_session_open(authorization_url: str, browser: requests.Session) -> bool:
    """Whether the provider still knows ``browser``: it sends it straight back to our callback
    without showing its sign-in page."""
    url = authorization_url
    for _ in range(20):
        if url.startswith(OUR_ORIGIN):
            return True
        response = browser.get(url, allow_redirects=False, timeout=5)
        if not response.is_redirect:
            assert response.status_code == 200, response.text
            return False
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects at the provider")


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def decode_segment(jwt_value: str, index: int) -> dict:
    import base64

    segment = jwt_value.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))

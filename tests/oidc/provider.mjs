// A real OpenID provider (panva's oidc-provider 8.x) configured like FranceConnect v2 or
// like ProConnect, with test users. Started on loopback by the test suite and by `make run`.
//
//   node tests/oidc/provider.mjs --profile franceconnect --port 9102 \
//     --client-id ID --client-secret SECRET \
//     --redirect-uri http://127.0.0.1:8000/compte/connexion/franceconnect/retour/ \
//     --post-logout-redirect-uri http://127.0.0.1:8000/compte/deconnexion/retour/ \
//     [--hs256-client-id ID2] [--test-endpoints]
//
// Once it answers, it prints one line, {"ready":true,"issuer":…}; with --port 0 (as the test
// suite starts it) the system gives it a free port, which the issuer names.
//
// FranceConnect profile: ES256 ID tokens, pairwise `sub`, userinfo signed in ES256, `acr`
// eidas1..3. ProConnect profile: RS256 ID tokens and signed userinfo, ProConnect claims
// (usual_name, uid, siret, idp_id …). With --hs256-client-id, a second client gets HS256 ID
// tokens (signed with its secret) and plain JSON userinfo.
//
// With --test-endpoints only, /test/* lets a test make the provider misbehave like an attacker
// or a compromised network would: re-sign the next ID token or userinfo with other claims,
// another algorithm or another key, or rotate the signing key. The relying party under test
// still talks to the real token, userinfo and JWKS endpoints.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import Provider from 'oidc-provider';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { redirectUri: [], postLogoutRedirectUri: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index].replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
    if (name === 'testEndpoints') {
      options.testEndpoints = true;
    } else if (Array.isArray(options[name])) {
      options[name].push(...argv[index + 1].split(','));
      index += 1;
    } else {
      options[name] = argv[index + 1];
      index += 1;
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const profile = options.profile;
if (!['franceconnect', 'proconnect'].includes(profile)) {
  console.error('--profile franceconnect|proconnect is required');
  process.exit(2);
}
const host = options.host || '127.0.0.1';
// Listen first, then name the issuer after the port actually bound: with --port 0 (the test
// suite) the system gives a free port, so parallel runs never race for one.
const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(options.port || 0), host, resolve);
});
const issuer = options.issuer || `http://${host}:${server.address().port}`;
const users = JSON.parse(fs.readFileSync(options.users || path.join(here, 'users.json'), 'utf8'))[profile];
const isFranceConnect = profile === 'franceconnect';
const signingAlg = isFranceConnect ? 'ES256' : 'RS256';

function generateKey(kid) {
  const pair = isFranceConnect
    ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = { ...pair.privateKey.export({ format: 'jwk' }), kid, alg: signingAlg, use: 'sig' };
  const publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, alg: signingAlg, use: 'sig' };
  return { kid, privateKey: pair.privateKey, publicKey: pair.publicKey, privateJwk, publicJwk };
}

const providerKey = generateKey(`${profile}-${crypto.randomBytes(6).toString('hex')}`);

const claimsByProfile = isFranceConnect
  ? {
      openid: ['sub'],
      given_name: ['given_name'],
      family_name: ['family_name'],
      email: ['email'],
      birthdate: ['birthdate'],
      gender: ['gender'],
      birthplace: ['birthplace'],
      birthcountry: ['birthcountry'],
    }
  : {
      openid: ['sub'],
      given_name: ['given_name'],
      usual_name: ['usual_name'],
      email: ['email'],
      uid: ['uid'],
      siret: ['siret'],
      idp_id: ['idp_id'],
      organizational_unit: ['organizational_unit'],
      phone: ['phone'],
    };

const clients = [
  {
    client_id: options.clientId,
    client_secret: options.clientSecret,
    redirect_uris: options.redirectUri,
    post_logout_redirect_uris: options.postLogoutRedirectUri,
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: signingAlg,
    userinfo_signed_response_alg: signingAlg,
    ...(isFranceConnect ? { subject_type: 'pairwise' } : {}),
  },
];
if (options.hs256ClientId) {
  clients.push({
    client_id: options.hs256ClientId,
    client_secret: options.hs256ClientSecret || options.clientSecret,
    redirect_uris: options.redirectUri,
    post_logout_redirect_uris: options.postLogoutRedirectUri,
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'HS256',
  });
}

const pairwiseSalt = crypto.randomBytes(16).toString('hex');

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [providerKey.privateJwk] },
  cookies: {
    keys: [crypto.randomBytes(32).toString('hex')],
    // Both local providers may run on 127.0.0.1 beside the site: cookies are per host, not per
    // port, so each profile names its own.
    names: {
      session: `_${profile}_session`,
      interaction: `_${profile}_interaction`,
      resume: `_${profile}_interaction_resume`,
    },
  },
  claims: claimsByProfile,
  scopes: Object.keys(claimsByProfile),
  subjectTypes: isFranceConnect ? ['public', 'pairwise'] : ['public'],
  acrValues: isFranceConnect ? ['eidas1', 'eidas2', 'eidas3'] : ['eidas1'],
  enabledJWA: {
    idTokenSigningAlgValues: [signingAlg, 'HS256'],
    userinfoSigningAlgValues: [signingAlg],
  },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page(
          'Déconnexion',
          `<h1>Se déconnecter de ${profileLabel()} ?</h1>${form}
           <button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Se déconnecter</button>
           <button type="submit" form="op.logoutForm">Rester connecté</button>`,
        );
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Déconnecté', `<h1>Vous êtes déconnecté de ${profileLabel()}.</h1>`);
      },
    },
  },
  pkce: { methods: ['S256'], required: () => false },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  async pairwiseIdentifier(ctx, accountId, client) {
    return crypto
      .createHash('sha256')
      .update(`${client.sectorIdentifier}|${accountId}|${pairwiseSalt}`)
      .digest('hex');
  },
  async findAccount(ctx, id) {
    if (!users[id]) return undefined;
    return {
      accountId: id,
      async claims() {
        const { acr, ...claims } = users[id];
        return { sub: isFranceConnect ? id : `${profile}-${id}`, ...claims };
      },
    };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Erreur', `<h1>Erreur</h1><pre>${escapeHtml(JSON.stringify(out))}</pre>`);
  },
});
provider.proxy = false;

function profileLabel() {
  return isFranceConnect ? 'FranceConnect (fournisseur de test)' : 'ProConnect (fournisseur de test)';
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)} — ${profileLabel()}</title></head><body>${body}</body></html>`;
}

async function readBody(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return data;
}

// ---------------------------------------------------------------- test endpoints state
const tamper = { id_token: null, userinfo: null };
let rotatedKey = null;
let jwksRequests = 0;

function b64urlJson(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signJwt(header, payload, mode) {
  const head = { ...header };
  let key = rotatedKey || providerKey;
  if (mode === 'rogue') {
    key = generateKey(`rogue-${crypto.randomBytes(6).toString('hex')}`);
  }
  if (mode === 'none') {
    head.alg = 'none';
    delete head.kid;
    return `${b64urlJson(head)}.${b64urlJson(payload)}.`;
  }
  if (mode === 'hs256-public-key') {
    // The classic algorithm-confusion attack: HMAC keyed with the provider's public key.
    head.alg = 'HS256';
    const input = `${b64urlJson(head)}.${b64urlJson(payload)}`;
    const secret = providerKey.publicKey.export({ format: 'pem', type: 'spki' });
    return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
  }
  head.alg = signingAlg;
  head.kid = key.kid;
  const input = `${b64urlJson(head)}.${b64urlJson(payload)}`;
  const signature = crypto.sign('sha256', Buffer.from(input), {
    key: key.privateKey,
    ...(isFranceConnect ? { dsaEncoding: 'ieee-p1363' } : {}),
  });
  return `${input}.${signature.toString('base64url')}`;
}

function resign(jwt, target) {
  const instruction = tamper[target];
  tamper[target] = null;
  const [rawHeader, rawPayload] = jwt.split('.');
  const header = JSON.parse(Buffer.from(rawHeader, 'base64url'));
  if (!instruction && (!rotatedKey || header.alg === 'HS256')) return jwt;
  const payload = JSON.parse(Buffer.from(rawPayload, 'base64url'));
  for (const [name, value] of Object.entries(instruction?.claims || {})) {
    if (value === null) delete payload[name];
    else payload[name] = value;
  }
  return signJwt({ ...header, ...(instruction?.header || {}) }, payload, instruction?.sign);
}

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/interaction/')) {
    await interaction(ctx);
    return;
  }
  if (ctx.path.startsWith('/test/')) {
    if (!options.testEndpoints) {
      ctx.status = 404;
      return;
    }
    await testEndpoint(ctx);
    return;
  }
  await next();
  if (ctx.path === '/jwks') {
    jwksRequests += 1;
    if (rotatedKey) ctx.body = { keys: [rotatedKey.publicJwk, ...ctx.body.keys] };
  } else if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, 'id_token') };
  } else if (ctx.path === '/me' && ctx.status === 200) {
    if (typeof ctx.body === 'string') {
      ctx.body = resign(ctx.body, 'userinfo');
      ctx.type = 'application/jwt';
    } else if (tamper.userinfo) {
      ctx.body = { ...ctx.body, ...tamper.userinfo.claims };
      tamper.userinfo = null;
    }
  }
});

async function testEndpoint(ctx) {
  const body = ctx.method === 'POST' ? JSON.parse((await readBody(ctx.req)) || '{}') : {};
  if (ctx.path === '/test/tamper') {
    tamper[body.target] = { claims: body.claims || {}, header: body.header || {}, sign: body.sign };
    ctx.body = { ok: true };
  } else if (ctx.path === '/test/rotate') {
    rotatedKey = generateKey(`${profile}-rotated-${crypto.randomBytes(6).toString('hex')}`);
    ctx.body = { kid: rotatedKey.kid };
  } else if (ctx.path === '/test/reset') {
    tamper.id_token = null;
    tamper.userinfo = null;
    rotatedKey = null;
    ctx.body = { ok: true };
  } else if (ctx.path === '/test/stats') {
    ctx.body = { jwks_requests: jwksRequests, kid: (rotatedKey || providerKey).kid };
  } else {
    ctx.status = 404;
  }
}

async function interaction(ctx) {
  const { req, res } = ctx;
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;

  if (prompt.name === 'consent') {
    // First-party test client: consent is given for what was asked, as FranceConnect and
    // ProConnect do for their service providers.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
    return;
  }

  if (ctx.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('action') === 'abort') {
      ctx.status = 303;
      ctx.redirect(
        await provider.interactionResult(req, res, {
          error: 'access_denied',
          error_description: "L'usager a annulé la connexion",
        }),
      );
      return;
    }
    const login = form.get('login');
    if (users[login]) {
      ctx.status = 303;
      ctx.redirect(
        await provider.interactionResult(
          req,
          res,
          { login: { accountId: login, acr: users[login].acr || 'eidas1', amr: ['pwd'] } },
          { mergeWithLastSubmission: false },
        ),
      );
      return;
    }
  }

  const choices = Object.entries(users)
    .map(([login, user]) => {
      const name = `${user.given_name} ${user.family_name || user.usual_name}`;
      const detail = isFranceConnect ? user.email : `${user.email}, SIRET ${user.siret}`;
      return `<option value="${escapeHtml(login)}">${escapeHtml(name)} (${escapeHtml(detail)})</option>`;
    })
    .join('');
  ctx.type = 'html';
  ctx.body = page(
    'Connexion',
    `<h1>${profileLabel()}</h1>
     <p>Fournisseur d’identité local, pour les tests et le développement : choisissez un compte de démonstration.</p>
     <form method="post" action="/interaction/${escapeHtml(uid)}">
       <label for="login">Compte</label>
       <select id="login" name="login">${choices}</select>
       <button type="submit" name="action" value="login">Se connecter</button>
       <button type="submit" name="action" value="abort">Annuler</button>
     </form>`,
  );
}

server.on('request', provider.callback());
console.log(JSON.stringify({ ready: true, issuer, profile }));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

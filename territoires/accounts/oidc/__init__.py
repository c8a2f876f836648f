"""OpenID Connect relying party for ProConnect (agents) and FranceConnect (citizens).

``config`` reads the providers from the settings, ``client`` talks to a provider (discovery,
keys, token, userinfo) and verifies what it returns, ``flow`` binds a sign-in or a sign-out
to the browser session (state, nonce, PKCE).
"""

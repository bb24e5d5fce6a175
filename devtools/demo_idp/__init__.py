"""A small OpenID Connect provider (django-oidc-provider in a mini Django project) for the
tests and the demo: ``python -m demo_idp --port 8001 --config demo.json --site URL`` from
devtools/. Not part of the LMS; never for production. See devtools/demo_idp/README.md."""

# jupyterhub_config.py for a plain JupyterHub on one server (docs/running-a-class.md).
#
# System users log in with their passwords (PAM); each runs their own server from the
# course's environment in /opt/pm-course. Replace the names and the address; run the
# hub as root (it starts each server as its user):
#     sudo /opt/pm-course/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
# It needs configurable-http-proxy on PATH (npm install -g configurable-http-proxy).
# Behind TLS (recommended): put a reverse proxy in front, or set c.JupyterHub.ssl_key /
# c.JupyterHub.ssl_cert.
#
# Every value that differs between servers can also be given in the environment of the
# hub, without editing this file (tests/hub/test_docs_hub_config.py runs it so):
#     PM_COURSE_ENV         the course's environment            /opt/pm-course
#     PM_COURSE_HUB_USERS   logins allowed, comma-separated     ada,ben,cy
#     PM_COURSE_HUB_ADMINS  staff logins, comma-separated       grader
#     PM_COURSE_HUB_URL     where learners open the hub         http://:8000
#     PM_COURSE_HUB_API     the hub's own API (loopback)        http://127.0.0.1:8081
#     PM_COURSE_PROXY_API   the proxy's API (loopback)          http://127.0.0.1:8001
#     PM_COURSE_HUB_STATE   the hub's database and secret       /var/lib/jupyterhub

import os

c = get_config()  # noqa: F821  (JupyterHub provides it)
env = os.environ.get


def names(variable: str, default: str) -> set[str]:
    return {n.strip() for n in env(variable, default).split(",") if n.strip()}


course_env = env("PM_COURSE_ENV", "/opt/pm-course")
state = env("PM_COURSE_HUB_STATE", "/var/lib/jupyterhub")

# Who may log in: PAM (the server's own accounts). JupyterHub 5 and later let nobody in
# unless they are allowed: list the learners and staff, or allow a system group.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = names("PM_COURSE_HUB_USERS", "ada,ben,cy")  # learners' logins
c.Authenticator.admin_users = names("PM_COURSE_HUB_ADMINS", "grader")  # staff who manage servers
# c.PAMAuthenticator.allowed_groups = {"students"}  # or: everyone in a system group

# Where it listens: the hub on port 8000 of every address; the proxy's API and the hub's
# own API on the loopback only.
c.JupyterHub.bind_url = env("PM_COURSE_HUB_URL", "http://:8000")
c.JupyterHub.hub_bind_url = env("PM_COURSE_HUB_API", "http://127.0.0.1:8081")
c.ConfigurableHTTPProxy.api_url = env("PM_COURSE_PROXY_API", "http://127.0.0.1:8001")

# Each user's server: from the course's environment, in JupyterLab, in their home folder.
c.Spawner.cmd = [f"{course_env}/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"PATH": f"{course_env}/bin:/usr/local/bin:/usr/bin:/bin"}
# A whole class logging in at once keeps a small server busy: give each server time.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# Optional, the live class view (docs/running-a-class.md, "Live class view on a hub"):
# add to the environment above rather than replace it, so PATH stays:
# c.Spawner.environment.update({"PM_COURSE_LIVE": "https://HUB/services/live/"})

# Keep the hub's state out of the way.
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{state}/jupyterhub_cookie_secret"

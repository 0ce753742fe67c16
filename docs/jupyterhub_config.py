# jupyterhub_config.py for a plain JupyterHub on one server (docs/running-a-class.md).
#
# System users log in with their passwords (PAM); each runs their own server from the
# course's environment in /opt/pm-course. Replace the names and the address; run the
# hub as root (it starts each server as its user):
#     sudo /opt/pm-course/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
# It needs configurable-http-proxy on PATH (npm install -g configurable-http-proxy).
# Behind TLS (recommended): put a reverse proxy in front, or set c.JupyterHub.ssl_key /
# c.JupyterHub.ssl_cert.

c = get_config()  # noqa: F821  (JupyterHub provides it)

# Who may log in: PAM (the server's own accounts). JupyterHub 5 and later let nobody in
# unless they are allowed: list the learners and staff, or allow a system group.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {"ada", "ben", "cy"}  # the learners' logins
c.Authenticator.admin_users = {"grader"}  # staff who may manage servers
# c.PAMAuthenticator.allowed_groups = {"students"}  # or: everyone in a system group

# Where it listens: the hub on port 8000 of every address; the proxy's API and the hub's
# own API on the loopback only.
c.JupyterHub.bind_url = "http://:8000"
c.JupyterHub.hub_ip = "127.0.0.1"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"

# Each user's server: from the course's environment, in JupyterLab, in their home folder.
c.Spawner.cmd = ["/opt/pm-course/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"PATH": "/opt/pm-course/bin:/usr/local/bin:/usr/bin:/bin"}

# Optional, the live class view (docs/running-a-class.md, "Live class view on a hub"):
# add to the environment above rather than replace it, so PATH stays:
# c.Spawner.environment["PM_COURSE_LIVE"] = "https://HUB/services/live/"

# Keep the hub's state out of the way.
c.JupyterHub.db_url = "sqlite:////var/lib/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/var/lib/jupyterhub/jupyterhub_cookie_secret"

"""An nginx configuration serving the same bytes as the other servers, plain and TLS."""
import os


def config(work, public, http_port, tls_port, cert, key):
    return f"""worker_processes {os.cpu_count()};
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 20000; }}
http {{
  access_log {work}/nginx-access.log;
  include /etc/nginx/mime.types;
  keepalive_requests 1000000;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_certificate {cert};
  ssl_certificate_key {key};
  server {{
    listen 127.0.0.1:{http_port};
    listen 127.0.0.1:{tls_port} ssl;
    root {public};
    location = /healthz {{ default_type application/json; return 200 '{{"status":"ok"}}'; }}
  }}
}}
"""

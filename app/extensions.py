"""One instance of each Flask extension, initialised in ``create_app``."""

from flask_caching import Cache
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.core.babel import KccBabel
from app.core.db import Base
from app.core.site_extensions import Limiter, Talisman

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = KccBabel()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
talisman = Talisman()
# Rendered fragments of public pages: Redis when REDIS_URL is set, else each process's memory.
cache = Cache()

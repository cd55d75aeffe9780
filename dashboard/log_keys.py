"""The session keys of the answer-log mode (no imports: :mod:`dashboard.state` lists them among the keys a space
shares, and :mod:`dashboard.log_state` holds their accessors).

========================  ==================================================================================
``MODE``                  "class" (a class table, one row per student) or "log" (an answer log): which version
                          of itself every page shows
``LOG_TABLE``             ``mtl_core.LoadedTable`` of the answer log the log pages work on, or None
``LOG_IS_SAMPLE``         bool: ``LOG_TABLE`` is the bundled sample log
``LOG_ROLES``             ``mtl_core.LogRoles`` with the teacher's changes
``LOG_VERSION``           int, counts loaded logs (widget keys and cached checks name it)
``LOG_SETTINGS``          dict of the log model's settings (:func:`dashboard.log_state.default_settings`)
``LOG_JOB``               ``dashboard.log_jobs.LogTrainingJob`` of the latest log training, or None
``LOG_RUN``               ``dashboard.log_state.ActiveLogRun``: the log run the pages show, or None
``LOG_SAVED``             dict ``"<folder>|<created>"`` -> ``LogRun``: the saved log run opened last
``LOG_SCORED``            ``dashboard.log_state.ScoredLog``: a new log scored with a saved run, or None
``LATEST``                ``(LoadedTable, (file name, bytes))`` of the latest upload, whichever mode read it
                          (switching the mode reads it as the other kind)
========================  ==================================================================================
"""

MODE = "mode"
LOG_TABLE = "log_table"
LOG_IS_SAMPLE = "log_is_sample"
LOG_ROLES = "log_roles"
LOG_VERSION = "log_version"
LOG_SETTINGS = "log_settings"
LOG_JOB = "log_job"
LOG_RUN = "log_run"
LOG_SAVED = "log_saved"
LOG_SCORED = "log_scored"
LATEST = "latest_upload"
SPACE_KEYS = (MODE, LOG_TABLE, LOG_IS_SAMPLE, LOG_ROLES, LOG_VERSION, LOG_SETTINGS, LOG_JOB, LOG_RUN, LOG_SAVED,
              LOG_SCORED, LATEST)
NOT_CARRIED = (LOG_JOB, LOG_SAVED, LOG_SCORED)

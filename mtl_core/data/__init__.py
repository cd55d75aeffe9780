"""Reading a teacher's file and checking it: formats and encodings (``io``), column roles (``schema``),
values (``values``), every problem at once (``validation``), recognising a table again (``identity``).

Shared by both modes (class tables and answer logs). Nothing here imports TensorFlow.
"""

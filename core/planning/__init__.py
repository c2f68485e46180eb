"""Planning a move before anything is made: the transfer planner, the approach advisor and
the portfolio. Pure and Qt-free; nothing here talks to AWS."""

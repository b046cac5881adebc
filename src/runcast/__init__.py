def hello() -> str:
    return "Hello from runcast!"

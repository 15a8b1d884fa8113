debug: http: GET http://127.0.0.1/threads/v1.0/17841400000000001/threads_publishing_limit -> 0, Couldn't connect to server (attempt 1/3, 0.000 s)
debug: http: retrying 'http://127.0.0.1/threads/v1.0/17841400000000001/threads_publishing_limit' in 615 ms
debug: http: GET http://127.0.0.1/threads/v1.0/17841400000000001/threads_publishing_limit -> 0, Couldn't connect to server (attempt 2/3, 0.000 s)
debug: http: retrying 'http://127.0.0.1/threads/v1.0/17841400000000001/threads_publishing_limit' in 1382 ms
debug: http: GET http://127.0.0.1/threads/v1.0/17841400000000001/threads_publishing_limit -> 0, Couldn't connect to server (attempt 3/3, 0.000 s)
error: request to 'http://127.0.0.1/threads/v1.0/17841400000000001/threads_publishing_limit' failed after 3 attempts: Failed to connect to 127.0.0.1 port 80 after 0 ms: Couldn't connect to server

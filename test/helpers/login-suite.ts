/**
 * A suite whose one setup step, 'login' (line 5 of the file), POSTs /login and captures a token
 * that its one scenario's flow then sends: against a target whose login never answers, a run that
 * is interrupted stops during its setup. `timeout` is each request's (`20s`).
 */
export const loginSuite = (options: { name: string; scenario: string; timeout: string }) => `version: 1
name: ${options.name}
defaults: { warmup: 0s, rounds: 2, timeout: ${options.timeout} }
setup:
  - name: login
    request: { method: POST, path: /login }
    capture: { token: { json: access_token } }
scenarios:
  - name: ${options.scenario}
    load: { connections: 1, duration: 100ms }
    flow:
      - name: home
        request: { path: "/?t={{ token }}" }
`;

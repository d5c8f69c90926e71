// The part of autocannon's programmatic API the harness-load bench uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    pipelining?: number;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    /** Seconds, rounded to 0.01. */
    duration: number;
    requests: { total: number; average: number };
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}

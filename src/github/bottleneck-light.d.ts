// The light build plugin-throttling uses (no Redis clustering) has the full build's API; its
// package types only the full one.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}

import moduleEnabled from './module-enabled';

export default { 'module-enabled': moduleEnabled };

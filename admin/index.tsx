import { PLUGIN_ID } from '../src/permissions';

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Utilities' });
  },
};

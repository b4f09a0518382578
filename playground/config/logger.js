const { winston, formats } = require('@strapi/logger');

/** STRAPI_LOG_LEVEL quiets the playground in tests (error) and the demo (info). */
module.exports = {
  transports: [
    new winston.transports.Console({
      level: process.env.STRAPI_LOG_LEVEL || 'info',
      format: winston.format.combine(formats.levelFilter(process.env.STRAPI_LOG_LEVEL || 'info'), formats.prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' })),
    }),
  ],
};
